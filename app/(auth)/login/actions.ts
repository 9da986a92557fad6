'use server'

import { AuthError, CredentialsSignin } from 'next-auth'
import { redirect } from 'next/navigation'
import {
  fieldError,
  formFields,
  invalidInput,
  refused,
  type ActionResult,
} from '@/lib/action-result'
import type { CodeResult } from '@/components/auth/code-form'
import { signIn } from '@/lib/auth'
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '@/lib/errors'
import {
  INVALID_CODE_MESSAGE,
  INVALID_CREDENTIALS_MESSAGE,
  THROTTLED_MESSAGE,
} from '@/lib/auth/policy'
import {
  safeCallbackPath,
  signInSchema,
  twoFactorCodeSchema,
  twoFactorPath,
} from '@/lib/auth/schemas'

// Public by design: the two actions anonymous visitors may call (password, then code).
export async function signInAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  const fields = formFields(formData)
  const input = signInSchema.safeParse({ email: fields.email, password: fields.password })
  if (!input.success) return invalidInput(input.error, formData, ['password'])
  const callbackPath = safeCallbackPath(fields.callbackUrl)
  try {
    // authorize() does the checking, lockout and audit; this path and the Auth.js endpoint share it.
    await signIn('credentials', { ...input.data, redirect: false })
  } catch (error) {
    // Not "invalid password" when nothing could be checked.
    if (isDatabaseUnavailable(error)) {
      return refused(DATABASE_UNAVAILABLE_MESSAGE, { values: { email: input.data.email } })
    }
    if (!(error instanceof AuthError)) throw error
    const code = error instanceof CredentialsSignin ? error.code : null
    // The password was right and the challenge cookie is set: the code is next.
    if (code === 'two_factor') redirect(twoFactorPath(callbackPath))
    return refused(code === 'throttled' ? THROTTLED_MESSAGE : INVALID_CREDENTIALS_MESSAGE, {
      values: { email: input.data.email },
    })
  }
  // Outside the try: redirect() works by throwing.
  redirect(callbackPath ?? '/')
}

/** Signs in with the code from the authenticator app (or a recovery code) after the password. */
export async function verifyTwoFactorAction(
  _previous: CodeResult,
  formData: FormData,
): Promise<CodeResult> {
  const fields = formFields(formData)
  const input = twoFactorCodeSchema.safeParse({ code: fields.code })
  if (!input.success) return invalidInput(input.error, formData, ['code'])
  try {
    await signIn('credentials', { code: input.data.code, redirect: false })
  } catch (error) {
    if (isDatabaseUnavailable(error)) return refused(DATABASE_UNAVAILABLE_MESSAGE)
    if (!(error instanceof AuthError)) throw error
    const code = error instanceof CredentialsSignin ? error.code : null
    if (code === 'throttled') return refused(THROTTLED_MESSAGE)
    // Expired or void challenges and wrong codes read alike; the page offers a fresh start.
    return fieldError('code', INVALID_CODE_MESSAGE)
  }
  redirect(safeCallbackPath(fields.callbackUrl) ?? '/')
}
