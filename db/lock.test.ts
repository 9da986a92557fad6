import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DatabaseFolderInUseError, lockDatabaseFolder } from './lock'

const dirs: string[] = []
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'augment-lock-'))
  dirs.push(dir)
  return path.join(dir, 'pglite')
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true })
})

describe('PGlite folder lock', () => {
  it('refuses a second holder and names the PID that holds it', () => {
    const dir = tempDir()
    const release = lockDatabaseFolder(dir)
    expect(() => lockDatabaseFolder(dir)).toThrow(`database folder in use by PID ${process.pid}`)
    release()
    // Released: the folder can be locked again.
    lockDatabaseFolder(dir)()
  })

  it('takes over a lock left by a process that has died', () => {
    const dir = tempDir()
    fs.mkdirSync(dir, { recursive: true })
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']).pid!
    fs.writeFileSync(path.join(dir, 'augment.lock'), String(dead))
    const release = lockDatabaseFolder(dir)
    expect(fs.readFileSync(path.join(dir, 'augment.lock'), 'utf8')).toBe(String(process.pid))
    release()
  })

  it('stops a second process on the same folder at once with the holder PID', async () => {
    const dir = tempDir()
    const release = lockDatabaseFolder(dir)
    try {
      const child = spawn('npx', ['tsx', 'db/migrate-cli.ts'], {
        env: { ...process.env, PGLITE_DIR: dir, DATABASE_URL: '' },
      })
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
      expect(code).toBe(1)
      expect(stderr).toContain(`database folder in use by PID ${process.pid}`)
      // It never got as far as creating a database in the folder.
      expect(fs.existsSync(path.join(dir, 'PG_VERSION'))).toBe(false)
    } finally {
      release()
    }
  }, 30_000)

  it('is an error type callers can recognise', () => {
    const dir = tempDir()
    const release = lockDatabaseFolder(dir)
    try {
      lockDatabaseFolder(dir)
    } catch (error) {
      expect(error).toBeInstanceOf(DatabaseFolderInUseError)
      expect((error as DatabaseFolderInUseError).pid).toBe(process.pid)
    } finally {
      release()
    }
  })
})
