import crypto from 'node:crypto'
import { hash, verify } from '@node-rs/argon2'

// argon2id (the library's default algorithm) with OWASP's 2024 minimum: 19 MiB, 2 passes.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

// Verified when the email is unknown, so a miss costs the same time as a wrong password.
let timingDecoyHash: Promise<string> | undefined
export function timingDecoy(): Promise<string> {
  timingDecoyHash ??= hashPassword('timing-decoy-password-never-valid')
  return timingDecoyHash
}

// No look-alikes (0/O, 1/l/I) and no punctuation: demo passwords get read off a terminal.
const READABLE = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'

/** A random password of `length` readable characters (≈ 5.8 bits each). */
export function generatePassword(length = 16): string {
  return Array.from({ length }, () => READABLE[crypto.randomInt(READABLE.length)]).join('')
}
