'use server'

import { redirect } from 'next/navigation'
import { formFields, fromOutcome, invalidInput, type ActionResult } from '@/lib/action-result'
import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import { breakGlass } from '@/lib/candidates/restricted'
import { breakGlassSchema } from '@/lib/candidates/restricted-schema'

// Authorize → parse → the DAL writes the access and its audit row in one transaction → open the
// record (redirect outside any try/catch).

export async function breakGlassAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole(...CLINICAL_ROLES)
  const input = breakGlassSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const outcome = await breakGlass(input.data.patientId, input.data.reason)
  if (!outcome.ok) return fromOutcome(outcome, formData, '')
  redirect(`/candidates/${outcome.data.patientId}`)
}
