import crypto from 'node:crypto'
import { Secret, TOTP } from 'otpauth'

// Time-based one-time passwords (RFC 6238) as every authenticator app reads them: SHA-1,
// six digits, 30-second steps. The secret is stored encrypted with a key derived from
// AUTH_SECRET, so a copy of the database alone cannot mint codes.

export const TOTP_ISSUER = 'Augment'
const PERIOD_SECONDS = 30
const DIGITS = 6
/** Steps either side of now that still count: the phone's clock may be 30 s off. */
const DRIFT_STEPS = 1

function totp(secretBase32: string, accountName = ''): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: accountName,
    algorithm: 'SHA1',
    digits: DIGITS,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  })
}

/** A new random 160-bit secret (RFC 4226's recommended length), base32 as apps expect. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

/** The otpauth:// address the QR code carries. */
export function totpUri(secretBase32: string, accountName: string): string {
  return totp(secretBase32, accountName).toString()
}

/** The secret in groups of four, for typing into an app by hand. */
export function formatManualKey(secretBase32: string): string {
  return secretBase32.match(/.{1,4}/g)?.join(' ') ?? secretBase32
}

export function totpCode(secretBase32: string, at: number = Date.now()): string {
  return totp(secretBase32).generate({ timestamp: at })
}

/**
 * The time step the code belongs to (now ± one step), or null when it matches none. Callers
 * accept it only if it is newer than the last step used, so each code works once.
 */
export function matchingTimeStep(
  secretBase32: string,
  code: string,
  at: number = Date.now(),
): number | null {
  const delta = totp(secretBase32).validate({ token: code, timestamp: at, window: DRIFT_STEPS })
  if (delta === null) return null
  return Math.floor(at / 1000 / PERIOD_SECONDS) + delta
}

// ---------------------------------------------------------------------------------------------
// Secrets at rest: AES-256-GCM under a key derived from AUTH_SECRET for this one purpose.

const KEY_INFO = 'augment totp secret v1'

function secretKey(authSecret: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', authSecret, '', KEY_INFO, 32))
}

export function sealTotpSecret(secretBase32: string, authSecret: string): string {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', secretKey(authSecret), iv)
  const sealed = Buffer.concat([cipher.update(secretBase32, 'utf8'), cipher.final()])
  return ['v1', iv, cipher.getAuthTag(), sealed].map(toBase64Url).join('.')
}

/** The secret, or null when it was sealed under another AUTH_SECRET or altered. */
export function openTotpSecret(sealed: string, authSecret: string): string | null {
  const [version, iv, tag, data] = sealed.split('.')
  if (version !== 'v1' || !iv || !tag || !data) return null
  try {
    const decipher = crypto.createDecipheriv(
      'aes-256-gcm',
      secretKey(authSecret),
      Buffer.from(iv, 'base64url'),
    )
    decipher.setAuthTag(Buffer.from(tag, 'base64url'))
    const data64 = Buffer.from(data, 'base64url')
    return Buffer.concat([decipher.update(data64), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}

function toBase64Url(part: string | Buffer): string {
  return typeof part === 'string' ? part : part.toString('base64url')
}

// ---------------------------------------------------------------------------------------------
// Recovery codes: 80 random bits each, so a plain SHA-256 is safe to store (no dictionary to try).

export const RECOVERY_CODE_COUNT = 10
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789' // no 0/O or 1/I to misread

/** Ten new codes, shown once, as XXXX-XXXX-XXXX-XXXX. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from(crypto.randomBytes(16), (byte) => RECOVERY_ALPHABET[byte % 32])
    return chars.join('').match(/.{4}/g)!.join('-')
  })
}

/** Case, spaces and dashes do not matter when a code is typed back. */
export function normalizeRecoveryCode(code: string): string {
  return code.toUpperCase().replace(/[\s-]/g, '')
}

export function hashRecoveryCode(code: string): string {
  return crypto.createHash('sha256').update(normalizeRecoveryCode(code)).digest('hex')
}

/** Six digits (spaces allowed, as apps show them) read as a TOTP code; anything else as recovery. */
export function isTotpCodeShape(code: string): boolean {
  return /^\d{6}$/.test(code.replace(/\s/g, ''))
}
