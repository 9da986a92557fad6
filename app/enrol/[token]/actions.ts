'use server'

import { redirect } from 'next/navigation'
import { formFields, invalidInput, type ActionResult } from '@/lib/action-result'
import { renewSession } from '@/lib/auth'
import { homePathFor } from '@/lib/auth/session'
import { redeemEnrolmentLink } from '@/lib/staff/enrolment-links'
import { enrolSchema } from '@/lib/staff/schemas'

const SECRET_FIELDS = ['newPassword', 'confirmPassword']

/**
 * A member's enrolment link: parse → spend the link and set the password (the DAL: the token is
 * the authorization, so anyone holding it may call this, signed in or not) → sign this browser
 * in as the member, who is then sent on to two-factor setup wherever it is required. A member
 * who already has two-factor on (a reset) signs in with their code as usual.
 */
export async function enrolAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  const input = enrolSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData, [...SECRET_FIELDS, 'token'])
  const outcome = await redeemEnrolmentLink(input.data)
  if (!outcome.ok) return outcome
  const signedIn =
    !outcome.twoFactorEnabled &&
    (await renewSession({ staffId: outcome.staffId, sessionVersion: outcome.sessionVersion }))
  // Outside any try: redirect() works by throwing.
  redirect(signedIn ? homePathFor(outcome.role) : '/login?enrolled=1')
}
