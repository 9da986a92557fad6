'use server'

import { redirect } from 'next/navigation'
import type { ActionResult } from '@/lib/action-result'
import { submitOwnPasswordChange } from '@/lib/auth/password-change'
import { homePathFor } from '@/lib/auth/session'

/** The forced change (an admin set the password): on success, on to the member's home page. */
export async function changePasswordAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  const submission = await submitOwnPasswordChange(formData)
  if (!submission.done) return submission.result
  // Outside any try: redirect() works by throwing.
  redirect(submission.signedInAgain ? homePathFor(submission.me.role) : '/login?reason=ended')
}
