'use server'

import { AuthError, CredentialsSignin } from 'next-auth'
import { redirect } from 'next/navigation'
import { formFields, invalidInput, type ActionResult } from '@/lib/action-result'
import { signIn } from '@/lib/auth'
import { INVALID_CREDENTIALS_MESSAGE, THROTTLED_MESSAGE } from '@/lib/auth/policy'
import { safeCallbackPath, signInSchema } from '@/lib/auth/schemas'

// Public by design: the one action anonymous visitors may call.
export async function signInAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  const fields = formFields(formData)
  const input = signInSchema.safeParse({ email: fields.email, password: fields.password })
  if (!input.success) return invalidInput(input.error, formData, ['password'])
  try {
    // authorize() does the checking, lockout and audit; this path and the Auth.js endpoint share it.
    await signIn('credentials', { ...input.data, redirect: false })
  } catch (error) {
    if (!(error instanceof AuthError)) throw error
    const throttled = error instanceof CredentialsSignin && error.code === 'throttled'
    return {
      ok: false,
      message: throttled ? THROTTLED_MESSAGE : INVALID_CREDENTIALS_MESSAGE,
      values: { email: input.data.email },
    }
  }
  // Outside the try: redirect() works by throwing.
  redirect(safeCallbackPath(fields.callbackUrl) ?? '/')
}
