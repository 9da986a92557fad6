import type { z } from 'zod'

/** What every form's server action returns; the form shows messages next to their fields. */
export type ActionResult<T = undefined> =
  | { ok: true; data?: T; message?: string }
  | {
      ok: false
      message: string
      fieldErrors?: Record<string, string[]>
      values?: Record<string, string>
    }

export const INVALID_FIELDS_MESSAGE = 'Please correct the highlighted fields.'

export const idleActionState = { ok: true } as ActionResult<never>

/**
 * A server action's argument as the form it should be. Action ids are public: a hand-made
 * request can pass any value instead of FormData, which reads as an empty form (so the schema
 * reports every field) rather than a crash.
 */
export function submittedForm(submitted: unknown): FormData {
  return submitted instanceof FormData ? submitted : new FormData()
}

/** The submitted fields, for the form's zod schema: `{}` for anything that is not FormData. */
export function formFields(submitted: unknown): Record<string, FormDataEntryValue> {
  return Object.fromEntries(submittedForm(submitted))
}

/** The submitted text values, echoed back so a refused form keeps what was typed. */
export function submittedValues(
  formData: unknown,
  omit: readonly string[] = [],
): Record<string, string> {
  const values: Record<string, string> = {}
  for (const [key, value] of submittedForm(formData)) {
    if (typeof value === 'string' && !key.startsWith('$') && !omit.includes(key))
      values[key] = value
  }
  return values
}

export function invalidInput(
  error: z.ZodError,
  formData: unknown,
  omit: readonly string[] = [],
): ActionResult<never> {
  const fieldErrors: Record<string, string[]> = {}
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form')
    ;(fieldErrors[key] ??= []).push(issue.message)
  }
  return {
    ok: false,
    message: INVALID_FIELDS_MESSAGE,
    fieldErrors,
    values: submittedValues(formData, omit),
  }
}

/** The signature every form's server action has (React's useActionState). */
export type FormAction = (previous: ActionResult, formData: FormData) => Promise<ActionResult>

/** Maps a DAL outcome to the form's result, keeping what was typed when it was refused. */
export function fromOutcome(
  outcome: { ok: true } | { ok: false; message: string; fieldErrors?: Record<string, string[]> },
  formData: unknown,
  successMessage: string,
): ActionResult {
  if (outcome.ok) return { ok: true, message: successMessage }
  return {
    ok: false,
    message: outcome.message,
    fieldErrors: outcome.fieldErrors,
    values: submittedValues(formData),
  }
}
