import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  BackupKeyError,
  decryptBackupFile,
  encryptBackupFile,
  isEncryptedBackup,
  parseBackupKey,
} from './crypto'

let work: string
const key = crypto.randomBytes(32)
const CANARY = 'MRN CANARY4411 Lovelace 1941-07-13'

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'augment-backup-crypto-'))
})
afterEach(() => fs.rmSync(work, { recursive: true, force: true }))

async function encryptedSample(size = 200_000) {
  const plain = path.join(work, 'plain')
  const data = Buffer.concat([Buffer.from(CANARY), crypto.randomBytes(size)])
  fs.writeFileSync(plain, data)
  const encrypted = path.join(work, 'backup.enc')
  await encryptBackupFile(plain, encrypted, key)
  return { data, encrypted }
}

describe('backup encryption', () => {
  it('round trip: the file holds no plaintext, and decrypts to the same bytes', async () => {
    const { data, encrypted } = await encryptedSample()
    expect(isEncryptedBackup(encrypted)).toBe(true)
    expect(fs.readFileSync(encrypted).includes(Buffer.from('CANARY4411'))).toBe(false)
    expect(fs.statSync(encrypted).mode & 0o777).toBe(0o600)
    const out = path.join(work, 'out')
    await decryptBackupFile(encrypted, out, key)
    expect(fs.readFileSync(out).equals(data)).toBe(true)
  })

  it('a wrong key is refused and leaves no plaintext', async () => {
    const { encrypted } = await encryptedSample()
    const out = path.join(work, 'out')
    await expect(decryptBackupFile(encrypted, out, crypto.randomBytes(32))).rejects.toThrow(
      'could not be decrypted: the key is wrong or the file was changed',
    )
    expect(fs.existsSync(out)).toBe(false)
  })

  it.each([
    ['a byte of data', (size: number) => Math.floor(size / 2)],
    ['the salt in the header', () => 10],
    ['the IV in the header', () => 30],
    ['the tag', (size: number) => size - 3],
  ])('a changed byte (%s) is refused', async (_label, offsetOf) => {
    const { encrypted } = await encryptedSample()
    const bytes = fs.readFileSync(encrypted)
    const offset = offsetOf(bytes.length)
    bytes[offset] = bytes[offset]! ^ 0x01
    fs.writeFileSync(encrypted, bytes)
    const out = path.join(work, 'out')
    await expect(decryptBackupFile(encrypted, out, key)).rejects.toThrow(BackupKeyError)
    expect(fs.existsSync(out)).toBe(false)
  })

  it('a changed format version or a truncated file is refused', async () => {
    const { encrypted } = await encryptedSample(1000)
    const bytes = fs.readFileSync(encrypted)
    bytes[6] = 9
    fs.writeFileSync(encrypted, bytes)
    await expect(decryptBackupFile(encrypted, path.join(work, 'a'), key)).rejects.toThrow(
      'format 9',
    )
    fs.writeFileSync(encrypted, bytes.subarray(0, 20))
    await expect(decryptBackupFile(encrypted, path.join(work, 'b'), key)).rejects.toThrow(
      'truncated',
    )
  })

  it('reads AUGMENT_BACKUP_KEY as 32 bytes of base64, and refuses anything else', () => {
    expect(parseBackupKey(undefined)).toBeNull()
    expect(parseBackupKey('  ')).toBeNull()
    expect(parseBackupKey(key.toString('base64'))?.equals(key)).toBe(true)
    expect(parseBackupKey(key.toString('base64url'))?.equals(key)).toBe(true)
    for (const bad of [
      'short',
      crypto.randomBytes(16).toString('base64'),
      'x'.repeat(44),
      'é'.repeat(44),
    ]) {
      expect(() => parseBackupKey(bad)).toThrow(BackupKeyError)
    }
  })
})
