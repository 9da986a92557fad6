import type { z } from 'zod'

/**
 * A refused request: the message, the fields at fault, and the values the form shows again (what
 * was typed, or the record as it is now after a lost race).
 */
export interface Refusal {
  ok: false
  message: string
  fieldErrors?: Record<string, string[]>
  values?: Record<string, string>
}

/** What every form's server action returns; the form shows messages next to their fields. */
export type ActionResult<T = undefined> = { ok: true; data?: T; message?: string } | Refusal

export const INVALID_FIELDS_MESSAGE = 'Please correct the highlighted fields.'

/** The one way to refuse: a message, and what the form needs to show it. */
export function refused(
  message: string,
  details: Pick<Refusal, 'fieldErrors' | 'values'> = {},
): Refusal {
  return { ok: false, message, ...details }
}

/** A refusal of one field's value, shown under that field. */
export function fieldError(field: string, message: string): Refusal {
  return refused(INVALID_FIELDS_MESSAGE, { fieldErrors: { [field]: [message] } })
}

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
): Refusal {
  const fieldErrors: Record<string, string[]> = {}
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form')
    ;(fieldErrors[key] ??= []).push(issue.message)
  }
  return refused(INVALID_FIELDS_MESSAGE, { fieldErrors, values: submittedValues(formData, omit) })
}

/** The signature every form's server action has (React's useActionState). */
export type FormAction = (previous: ActionResult, formData: FormData) => Promise<ActionResult>
