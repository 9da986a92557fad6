'use server'

import { redirect } from 'next/navigation'
import { INVALID_FIELDS_MESSAGE, invalidInput, type ActionResult } from '@/lib/action-result'
import { requestAddress, signIn } from '@/lib/auth'
import { changeOwnPassword } from '@/lib/auth/password-change'
import { changePasswordSchema } from '@/lib/auth/schemas'
import { homePathFor, requireStaff } from '@/lib/auth/session'

const SECRET_FIELDS = ['currentPassword', 'newPassword', 'confirmPassword']

export async function changePasswordAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  const input = changePasswordSchema.safeParse(Object.fromEntries(formData))
  if (!input.success) return invalidInput(input.error, formData, SECRET_FIELDS)
  const me = await requireStaff({ allowPendingPasswordChange: true })
  const outcome = await changeOwnPassword(me, input.data, await requestAddress())
  if (!outcome.ok) {
    return {
      ok: false,
      message: INVALID_FIELDS_MESSAGE,
      fieldErrors: { [outcome.field]: [outcome.message] },
    }
  }
  // The change ended every session, this one included: sign in again with the new password.
  await signIn('credentials', {
    email: me.email,
    password: input.data.newPassword,
    redirect: false,
  })
  redirect(homePathFor(me.role))
}
