'use server'

import { redirect } from 'next/navigation'
import { submittedForm, type ActionResult } from '@/lib/action-result'
import { submitOwnPasswordChange } from '@/lib/auth/password-change'
import { homePathFor, requireStaff } from '@/lib/auth/session'

/** The forced change (an admin set the password): on success, on to the member's home page. */
export async function changePasswordAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  // The one action a member with a pending change may use (it is that change).
  await requireStaff({ allowPendingPasswordChange: true })
  const submission = await submitOwnPasswordChange(submittedForm(formData))
  if (!submission.done) return submission.result
  // Outside any try: redirect() works by throwing.
  redirect(submission.signedInAgain ? homePathFor(submission.me.role) : '/login?reason=ended')
}
