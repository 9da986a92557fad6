'use server'

import { AuthError, CredentialsSignin } from 'next-auth'
import { redirect } from 'next/navigation'
import { invalidInput, type ActionResult } from '@/lib/action-result'
import { signIn } from '@/lib/auth'
import { INVALID_CREDENTIALS_MESSAGE, THROTTLED_MESSAGE } from '@/lib/auth/policy'
import { safeCallbackPath, signInSchema } from '@/lib/auth/schemas'

export async function signInAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  const input = signInSchema.safeParse({
    email: formData.get('email'),
    password: formData.get('password'),
  })
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
  redirect(safeCallbackPath(formData.get('callbackUrl')) ?? '/')
}
