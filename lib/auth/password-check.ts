import { dictionary } from '@zxcvbn-ts/language-common'
import type { z } from 'zod'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-policy'

// The one password policy (NIST SP 800-63B §3.1.1.2) behind every place a password is set: the
// staff:create command, the forced change, the account page and an admin's add or reset.
// Server code only: the blocklist is ~49,000 entries.

// Blocklist: the "passwords-common" list of @zxcvbn-ts/language-common 4.1.3 (MIT,
// github.com/zxcvbn-ts/zxcvbn): the most frequent passwords of Mark Burnett's 10-million-password
// breach corpus (xato.net), lower-cased. It leaves out what zxcvbn's own matchers catch (repeats,
// sequences), so those are checked below. Update with `npm install --save-exact` of a newer one.
const COMMON_PASSWORDS: ReadonlySet<string> = new Set(dictionary['passwords-common'])

// Context-specific words (NIST's example: the name of the service).
const CONTEXT_WORDS: ReadonlySet<string> = new Set([
  'augment',
  'clinic',
  'spineclinic',
  'vertebroplasty',
  'kyphoplasty',
])

export const PASSWORD_MESSAGES = {
  tooShort: `Use at least ${MIN_PASSWORD_LENGTH} characters`,
  tooLong: `Use at most ${MAX_PASSWORD_LENGTH} characters`,
  emailName: 'Do not use the name in the email address (the part before @)',
  common: 'This password is on a list of common or breached passwords: choose another',
  pattern: 'This password is a repeated or sequential pattern: choose another',
} as const

export interface PasswordContext {
  /** The account's email: its local part may not appear in the password. */
  email?: string | null
}

/**
 * The first rule `password` breaks, as the message for its field, or null when it may be set.
 * Length counts Unicode code points; there are no composition rules (NIST forbids them).
 */
export function passwordPolicyError(
  password: string,
  context: PasswordContext = {},
): string | null {
  const length = [...password].length
  if (length < MIN_PASSWORD_LENGTH) return PASSWORD_MESSAGES.tooShort
  if (length > MAX_PASSWORD_LENGTH) return PASSWORD_MESSAGES.tooLong
  const lower = password.toLowerCase()
  if (containsEmailName(lower, context.email)) return PASSWORD_MESSAGES.emailName
  if (isBlocklisted(lower)) return PASSWORD_MESSAGES.common
  if (isRepeatOrSequence(lower)) return PASSWORD_MESSAGES.pattern
  return null
}

/**
 * For zod: `.superRefine((value, ctx) => refinePassword(ctx, value))` on the password field
 * applies every rule that needs no context (so it reports even when other fields are invalid).
 */
export function refinePassword(ctx: z.RefinementCtx, password: unknown): void {
  if (typeof password !== 'string') return
  const message = passwordPolicyError(password)
  if (message) ctx.addIssue({ code: 'custom', message })
}

/**
 * For zod, at the object level where the email is a sibling field: the email rule, reported on
 * `path` when the password's own rules already pass (one message per field).
 */
export function refinePasswordEmail(
  ctx: z.RefinementCtx,
  password: unknown,
  email: unknown,
  path: string,
): void {
  if (typeof password !== 'string' || typeof email !== 'string') return
  if (passwordPolicyError(password) !== null) return
  const message = passwordPolicyError(password, { email })
  if (message) ctx.addIssue({ code: 'custom', message, path: [path] })
}

function containsEmailName(lowerPassword: string, email: string | null | undefined): boolean {
  const local = email?.trim().toLowerCase().split('@')[0] ?? ''
  // Very short local parts ("al@…") would refuse half the dictionary; they are no secret anyway.
  const names = [local, local.replace(/[._+-]/g, '')].filter((name) => name.length >= 3)
  return names.some((name) => lowerPassword.includes(name))
}

const isListed = (word: string) => COMMON_PASSWORDS.has(word) || CONTEXT_WORDS.has(word)

function isBlocklisted(lower: string): boolean {
  if (isListed(lower)) return true
  // A listed word padded with digits or symbols ("Summer2024!!!", "!!dragon!!1234").
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
  return core !== lower && [...core].length >= 4 && isListed(core)
}

function isRepeatOrSequence(lower: string): boolean {
  const chars = [...lower]
  // A short unit, or a listed word, repeated: "abababababab", "passwordpassword".
  for (let period = 1; period <= chars.length / 2; period++) {
    if (chars.every((char, i) => i < period || char === chars[i - period])) {
      return period <= 4 || isListed(chars.slice(0, period).join(''))
    }
  }
  // A straight run up or down: "abcdefghijkl", "1234567890123" (digits wrap 9 → 0).
  const codes = chars.map((char) => char.codePointAt(0)!)
  const step = (a: number, b: number) => {
    if (a === 0x39 && b === 0x30) return 1
    if (a === 0x30 && b === 0x39) return -1
    return b - a
  }
  const first = step(codes[0]!, codes[1]!)
  return (
    Math.abs(first) === 1 &&
    codes.every((code, i) => i === 0 || step(codes[i - 1]!, code) === first)
  )
}
