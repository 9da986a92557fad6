'use server'

import { redirect } from 'next/navigation'
import { submittedForm, type ActionResult } from '@/lib/action-result'
import { submitOwnPasswordChange } from '@/lib/auth/password-change'
import { requireStaff } from '@/lib/auth/session'

/** Self-service change: every other session of the member ends, this one carries on. */
export async function changeOwnPasswordAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  // As its page: a member with a pending change is sent to /change-password first.
  await requireStaff()
  const submission = await submitOwnPasswordChange(submittedForm(formData))
  if (!submission.done) return submission.result
  // A redirect, not a result: the page that follows is rendered with the new session cookie
  // (re-rendering this one in the same response would still see the old, ended one).
  redirect(submission.signedInAgain ? '/account/password?changed=1' : '/login?reason=ended')
}
