import { z } from 'zod'
import { isIsoDate, todayIso } from '@/lib/dates'

// FormData helpers for zod: what a browser sends for empty inputs and checkboxes.

/** A checkbox: present ("on") is true, absent is false. */
export const checkbox = z
  .string()
  .nullish()
  .transform((value) => value === 'on' || value === 'true')

/** An optional number input: empty is null. */
export const optionalNumber = (min: number, max: number, label: string) =>
  z
    .union([z.string(), z.number()])
    .nullish()
    .transform((value) =>
      value === '' || value === undefined || value === null ? null : Number(value),
    )
    .refine((value) => value === null || (Number.isFinite(value) && value >= min && value <= max), {
      message: `${label} must be between ${min} and ${max}`,
    })

export const requiredNumber = (min: number, max: number, label: string) =>
  z
    .union([z.string(), z.number()])
    .refine((value) => value !== '', `Enter the ${label.toLowerCase()}`)
    .transform(Number)
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

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Use at most ${max} characters`)
    .optional()
    .transform((value) => value || null)
