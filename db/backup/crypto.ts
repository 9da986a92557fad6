import crypto from 'node:crypto'
import fs from 'node:fs'
import { pipeline } from 'node:stream/promises'

// Backups at rest: AES-256-GCM over the whole backup file (pg_dump's archive or PGlite's
// tarball). Layout: a 36-byte header (magic, format version, HKDF salt, IV), the ciphertext,
// then GCM's 16-byte tag. The header is authenticated data, so a changed version, salt or IV
// fails like a changed byte of data. Each file gets its own key: HKDF-SHA256 of the
// configured key with the file's random salt.

const MAGIC = Buffer.from('AUGBAK', 'latin1')
const FORMAT_VERSION = 1
const SALT_BYTES = 16
const IV_BYTES = 12
const TAG_BYTES = 16
const HEADER_BYTES = MAGIC.length + 2 + SALT_BYTES + IV_BYTES
const HKDF_INFO = Buffer.from('augment backup v1', 'latin1')

/** AUGMENT_BACKUP_KEY: 32 random bytes in base64, e.g. from `openssl rand -base64 32`. */
export const BACKUP_KEY_BYTES = 32

export class BackupKeyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BackupKeyError'
  }
}

/** The key in AUGMENT_BACKUP_KEY (or `value`), checked; null when none is set. */
export function parseBackupKey(value: string | undefined): Buffer | null {
  const text = value?.trim()
  if (!text) return null
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0)
  if (key.length !== BACKUP_KEY_BYTES) {
    throw new BackupKeyError(
      `AUGMENT_BACKUP_KEY must be ${BACKUP_KEY_BYTES} bytes in base64 (44 characters): ` +
        'make one with `openssl rand -base64 32` and keep it apart from the backups.',
    )
  }
  return key
}

/** Whether `file` starts like an encrypted backup (any format version). */
export function isEncryptedBackup(file: string): boolean {
  const head = Buffer.alloc(MAGIC.length)
  const fd = fs.openSync(file, 'r')
  try {
    return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(MAGIC)
  } finally {
    fs.closeSync(fd)
  }
}

function fileKey(key: Buffer, salt: Buffer): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', key, salt, HKDF_INFO, 32))
}

/** Encrypts `plainFile` into `outFile` (created, never overwritten). */
export async function encryptBackupFile(plainFile: string, outFile: string, key: Buffer) {
  const salt = crypto.randomBytes(SALT_BYTES)
  const iv = crypto.randomBytes(IV_BYTES)
  const header = Buffer.concat([MAGIC, Buffer.from([FORMAT_VERSION, 0]), salt, iv])
  const cipher = crypto.createCipheriv('aes-256-gcm', fileKey(key, salt), iv)
  cipher.setAAD(header)
  const out = fs.createWriteStream(outFile, { flags: 'wx', mode: 0o600 })
  out.write(header)
  await pipeline(fs.createReadStream(plainFile), cipher, out, { end: false })
  await new Promise<void>((resolve, reject) => {
    out.on('error', reject)
    out.end(cipher.getAuthTag(), resolve)
  })
}

/**
 * Decrypts `encryptedFile` into `plainFile`; a wrong key or any changed byte rejects with
 * BackupKeyError and leaves no plaintext behind.
 */
export async function decryptBackupFile(encryptedFile: string, plainFile: string, key: Buffer) {
  const size = fs.statSync(encryptedFile).size
  if (size < HEADER_BYTES + TAG_BYTES) throw new BackupKeyError(`${encryptedFile} is truncated.`)
  const fd = fs.openSync(encryptedFile, 'r')
  const header = Buffer.alloc(HEADER_BYTES)
  const tag = Buffer.alloc(TAG_BYTES)
  try {
    fs.readSync(fd, header, 0, HEADER_BYTES, 0)
    fs.readSync(fd, tag, 0, TAG_BYTES, size - TAG_BYTES)
  } finally {
    fs.closeSync(fd)
  }
  const version = header[MAGIC.length]
  if (version !== FORMAT_VERSION) {
    throw new BackupKeyError(
      `${encryptedFile} is an encrypted backup of format ${version}, which this version cannot read.`,
    )
  }
  const salt = header.subarray(MAGIC.length + 2, MAGIC.length + 2 + SALT_BYTES)
  const iv = header.subarray(MAGIC.length + 2 + SALT_BYTES)
  const decipher = crypto.createDecipheriv('aes-256-gcm', fileKey(key, salt), iv)
  decipher.setAAD(header)
  decipher.setAuthTag(tag)
  try {
    await pipeline(
      fs.createReadStream(encryptedFile, { start: HEADER_BYTES, end: size - TAG_BYTES - 1 }),
      decipher,
      fs.createWriteStream(plainFile, { flags: 'wx', mode: 0o600 }),
    )
  } catch (error) {
    fs.rmSync(plainFile, { force: true })
    if ((error as Error).message.includes('authenticate')) {
      throw new BackupKeyError(
        `${encryptedFile} could not be decrypted: the key is wrong or the file was changed.`,
      )
    }
    throw error
  }
}
