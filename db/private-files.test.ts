import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import {
  assertPrivateFolder,
  ExposedDataFolderError,
  restrictNewFilesToOwner,
} from './private-files'

let work: string
let umaskBefore: number

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'augment-modes-'))
  umaskBefore = process.umask()
})
afterEach(() => {
  process.umask(umaskBefore)
  fs.rmSync(work, { recursive: true, force: true })
})

const modeOf = (file: string) => fs.statSync(file).mode & 0o777

it('after restrictNewFilesToOwner, new folders are 0700 and new files 0600', () => {
  process.umask(0o022)
  fs.mkdirSync(path.join(work, 'before'))
  expect(modeOf(path.join(work, 'before'))).toBe(0o755)

  restrictNewFilesToOwner()
  fs.mkdirSync(path.join(work, 'data', 'pglite'), { recursive: true })
  fs.writeFileSync(path.join(work, 'data', 'pglite', 'PG_VERSION'), '17')
  expect(modeOf(path.join(work, 'data'))).toBe(0o700)
  expect(modeOf(path.join(work, 'data', 'pglite'))).toBe(0o700)
  expect(modeOf(path.join(work, 'data', 'pglite', 'PG_VERSION'))).toBe(0o600)
})

it('refuses a data folder its group or others can reach, and says how to fix it', () => {
  const folder = path.join(work, 'pglite')
  fs.mkdirSync(folder, { mode: 0o700 })
  expect(() => assertPrivateFolder(folder)).not.toThrow()
  for (const mode of [0o750, 0o705, 0o755, 0o777]) {
    fs.chmodSync(folder, mode)
    expect(() => assertPrivateFolder(folder)).toThrow(ExposedDataFolderError)
  }
  expect(() => assertPrivateFolder(folder)).toThrow(
    `${folder} is readable by other users of this machine (mode 777). It holds patient data: ` +
      `make it private with \`chmod -R go-rwx ${folder}\` and start again.`,
  )
  // A folder that does not exist yet is created private later, not refused.
  expect(() => assertPrivateFolder(path.join(work, 'missing'))).not.toThrow()
})
