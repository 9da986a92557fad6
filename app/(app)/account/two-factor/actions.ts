'use server'

import { revalidatePath } from 'next/cache'
import type { CodeResult } from '@/components/auth/code-form'
import { fieldError, formFields, invalidInput, refused } from '@/lib/action-result'
import { turnOffTwoFactorSchema, twoFactorCodeSchema } from '@/lib/auth/schemas'
import { requireStaff } from '@/lib/auth/session'
import {
  beginTwoFactorSetup,
  confirmTwoFactorSetup,
  regenerateRecoveryCodes,
  turnOffTwoFactor,
  type CodesOutcome,
} from '@/lib/auth/two-factor-account'

// The member's own two-factor settings. Every action authorizes first (an admin who must enrol
// may use these and nothing else). Typed codes and passwords are never echoed back.
const SECRET_FIELDS = ['code', 'currentPassword']
const allowSetup = { allowTwoFactorSetup: true }

/** "Set up two-factor sign-in" (or "Start over"): a new secret to scan. */
export async function beginTwoFactorSetupAction(): Promise<void> {
  await requireStaff(allowSetup)
  await beginTwoFactorSetup()
  revalidatePath('/account/two-factor')
}

/**
 * Confirming the setup and replacing the recovery codes: parse the code, hand it to `makeCodes`,
 * show the codes it yields.
 */
async function codesAction(
  formData: FormData,
  makeCodes: (code: string) => Promise<CodesOutcome>,
  message: string,
): Promise<CodeResult> {
  await requireStaff(allowSetup)
  const input = twoFactorCodeSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData, SECRET_FIELDS)
  const outcome = await makeCodes(input.data.code)
  if (!outcome.ok) return fieldError('code', outcome.message)
  // No revalidation: the page would replace the codes before they are read. The form shows
  // them and links back to the page.
  return { ok: true, message, data: { recoveryCodes: outcome.recoveryCodes } }
}

export async function confirmTwoFactorSetupAction(
  _previous: CodeResult,
  formData: FormData,
): Promise<CodeResult> {
  return codesAction(
    formData,
    confirmTwoFactorSetup,
    'Two-factor sign-in is on. From now on you sign in with your password and a code.',
  )
}

export async function regenerateRecoveryCodesAction(
  _previous: CodeResult,
  formData: FormData,
): Promise<CodeResult> {
  return codesAction(
    formData,
    regenerateRecoveryCodes,
    'New recovery codes made; the old ones no longer work.',
  )
}

export async function turnOffTwoFactorAction(
  _previous: CodeResult,
  formData: FormData,
): Promise<CodeResult> {
  await requireStaff(allowSetup)
  const input = turnOffTwoFactorSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData, SECRET_FIELDS)
  const outcome = await turnOffTwoFactor(input.data)
  if (!outcome.ok)
    return outcome.field ? fieldError(outcome.field, outcome.message) : refused(outcome.message)
  revalidatePath('/account/two-factor')
  return { ok: true, message: 'Two-factor sign-in is off.' }
}
