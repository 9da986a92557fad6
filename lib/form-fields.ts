import { z } from 'zod'
import { isIsoDate, todayIso } from '@/lib/dates'

// FormData helpers for zod: what a browser sends for empty inputs and checkboxes.

// Characters no one types into a clinical form: C0 and C1 controls (a NUL makes PostgreSQL
// refuse the whole statement), DEL, and the bidi embedding/override/isolate controls that make
// stored text read differently from what it is ("Trojan Source"). Tab and line breaks are
// allowed in multi-line fields only.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/
const TABS_AND_LINE_BREAKS = /[\t\n\r]/
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/

/** What is wrong with a text's characters, in plain words; null when it is clean. */
export function unsafeTextProblem(value: string, multiline = false): string | null {
  if (CONTROL_CHARACTERS.test(value))
    return 'Remove the invisible control characters from this text'
  if (!multiline && TABS_AND_LINE_BREAKS.test(value))
    return 'Keep this to one line: remove the line breaks and tabs'
  if (BIDI_CONTROLS.test(value)) return 'Remove the hidden text-direction characters from this text'
  return null
}

/**
 * Every free-text field of every form starts here: a trimmed string without control or bidi
 * characters (tab and line breaks only when `multiline`). Chain `.min()`/`.max()` on it.
 */
export const safeText = (options: { multiline?: boolean; required?: string } = {}) =>
  z
    .string(options.required)
    .trim()
    .superRefine((value, context) => {
      const problem = unsafeTextProblem(value, options.multiline)
      // `continue: false` stops the checks chained after this one (zod 4 reads no `abort` here).
      if (problem) context.addIssue({ code: 'custom', message: problem, continue: false })
    })

/** A checkbox: present ("on") is true, absent is false. */
export const checkbox = z
  .string()
  .nullish()
  .transform((value) => value === 'on' || value === 'true')

// Plain decimal notation only: Number() would also read "0x10" as 16, "1e3" as 1000,
// " 12 " as 12 and "Infinity" as a number, none of which a number input sends.
const DECIMAL_NOTATION = /^-?(\d+(\.\d*)?|\.\d+)$/

/** A form value as a number when written in plain decimal notation ("12", "-3", "0.5"), else NaN. */
export function decimalNumber(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN
  if (typeof value !== 'string' || !DECIMAL_NOTATION.test(value)) return Number.NaN
  return Number(value)
}

/** A record's version echoed by its form (a hidden field): a positive whole number. */
export const versionNumber = z
  .union([z.string(), z.number()])
  .transform(decimalNumber)
  .pipe(z.number().int().positive())

/** An optional number input: empty is null. */
export const optionalNumber = (min: number, max: number, label: string) =>
  z
    .union([z.string(), z.number()])
    .nullish()
    .transform((value) =>
      value === '' || value === undefined || value === null ? null : decimalNumber(value),
    )
    .refine((value) => value === null || (Number.isFinite(value) && value >= min && value <= max), {
      message: `${label} must be between ${min} and ${max}`,
    })

export const requiredNumber = (min: number, max: number, label: string) =>
  z
    .union([z.string(), z.number()])
    .refine((value) => value !== '', `Enter the ${label[0]!.toLowerCase()}${label.slice(1)}`)
    .transform(decimalNumber)
    .refine((value) => Number.isFinite(value) && value >= min && value <= max, {
      message: `${label} must be between ${min} and ${max}`,
    })

/** An optional date input (yyyy-mm-dd), not in the future; empty is null. */
export const optionalPastDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => value || null)
    .refine(
      (value) => value === null || isIsoDate(value),
      `Enter the ${label} as a date (YYYY-MM-DD)`,
    )
    .refine(
      (value) => value === null || value <= todayIso(),
      `The ${label} cannot be in the future`,
    )

export const optionalText = (max: number, options: { multiline?: boolean } = {}) =>
  safeText(options)
    .max(max, `Use at most ${max} characters`)
    .optional()
    .transform((value) => value || null)
