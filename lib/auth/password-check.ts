import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common'
import type { z } from 'zod'
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  MIN_SINGLE_FACTOR_PASSWORD_LENGTH,
} from './password-policy'

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
  tooShortSingleFactor: `Use at least ${MIN_SINGLE_FACTOR_PASSWORD_LENGTH} characters: without two-factor sign-in the password is the only lock`,
  tooLong: `Use at most ${MAX_PASSWORD_LENGTH} characters`,
  emailName: 'Do not use the name in the email address (the part before @)',
  common: 'This password is on a list of common or breached passwords: choose another',
  pattern: 'This password is a repeated or sequential pattern: choose another',
  keyboardWalk:
    'This password is mostly a line of neighbouring keys on a keyboard (like qwerty or 1qaz2wsx): choose another',
} as const

export interface PasswordContext {
  /** The account's email: its local part may not appear in the password. */
  email?: string | null
  /**
   * Whether two-factor sign-in is on for the account. Without it (the default) the password
   * is the only factor and needs the longer minimum.
   */
  twoFactor?: boolean
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
  if (length < MIN_SINGLE_FACTOR_PASSWORD_LENGTH && !context.twoFactor)
    return PASSWORD_MESSAGES.tooShortSingleFactor
  if (length > MAX_PASSWORD_LENGTH) return PASSWORD_MESSAGES.tooLong
  const lower = password.toLowerCase()
  if (containsEmailName(lower, context.email)) return PASSWORD_MESSAGES.emailName
  if (isBlocklisted(lower)) return PASSWORD_MESSAGES.common
  if (isRepeatOrSequence(lower) || mostlyCovered(lower, repeatedSpans(lower)))
    return PASSWORD_MESSAGES.pattern
  if (KEYBOARDS.some((graph) => mostlyCovered(lower, keyboardWalkSpans(lower, graph))))
    return PASSWORD_MESSAGES.keyboardWalk
  return null
}

/**
 * For zod: `.superRefine((value, ctx) => refinePassword(ctx, value))` on the password field
 * applies every rule that needs no context (so it reports even when other fields are invalid).
 * Without `twoFactor` it holds the password to the two-factor floor: the caller, which knows the
 * account, applies the single-factor length with passwordPolicyError.
 */
export function refinePassword(
  ctx: z.RefinementCtx,
  password: unknown,
  context: Pick<PasswordContext, 'twoFactor'> = { twoFactor: true },
): void {
  if (typeof password !== 'string') return
  const message = passwordPolicyError(password, context)
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
  if (passwordPolicyError(password, { twoFactor: true }) !== null) return
  const message = passwordPolicyError(password, { email, twoFactor: true })
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

// Half the characters or more in guessable runs is what an attacker's rules try first.
function mostlyCovered(lower: string, spans: readonly (readonly [number, number])[]): boolean {
  const covered = new Set<number>()
  for (const [start, end] of spans) for (let i = start; i < end; i++) covered.add(i)
  return covered.size * 2 >= [...lower].length
}

/**
 * zxcvbn's repeat matcher, in short: a unit written twice or more in a row ("aaaa",
 * "tree-tree-", "xyzxyzxyz"), at least 6 characters in all. Spans are code-point indexes.
 */
function repeatedSpans(lower: string): [number, number][] {
  const chars = [...lower]
  const spans: [number, number][] = []
  for (let start = 0; start < chars.length; start++) {
    for (let period = 1; start + 2 * period <= chars.length; period++) {
      let end = start + period
      while (end < chars.length && chars[end] === chars[end - period]) end++
      // At least two whole copies of the unit, and long enough to matter.
      if (end - start >= 2 * period && end - start >= 6) spans.push([start, end])
    }
  }
  return spans
}

// The keyboard layouts zxcvbn knows: rows of neighbouring keys, shifted or not.
const KEYBOARDS = Object.values(adjacencyGraphs) as Record<string, (string | null)[]>[]

/**
 * zxcvbn's spatial matcher, in short: runs of 4 or more keys where each is a neighbour of the
 * one before on the keyboard layout `graph` ("qwerty", "1qaz", "zaq12wsx"), turning at most once
 * every three steps. A random string wanders and turns nearly every step: only a walk someone
 * would type (or a cracker's rules try) goes straight.
 */
function keyboardWalkSpans(
  lower: string,
  graph: Record<string, (string | null)[]>,
): [number, number][] {
  const chars = [...lower]
  const spans: [number, number][] = []
  // The graph lists each key's neighbours in a fixed order of directions.
  const direction = (a: string, b: string) =>
    graph[a]?.findIndex((keys) => keys !== null && keys.includes(b)) ?? -1
  let start = 0
  let turns = 0
  let heading = -1
  const close = (end: number) => {
    const steps = end - start - 1
    if (end - start >= 4 && turns * 2 <= steps) spans.push([start, end])
  }
  for (let i = 1; i < chars.length; i++) {
    const next = direction(chars[i - 1]!, chars[i]!)
    if (next === -1) {
      close(i)
      start = i
      turns = 0
      heading = -1
      continue
    }
    if (heading !== -1 && next !== heading) turns++
    heading = next
  }
  close(chars.length)
  return spans
}
