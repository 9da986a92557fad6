'use server'

import { revalidatePath } from 'next/cache'
import { formFields, fromOutcome, invalidInput, type ActionResult } from '@/lib/action-result'
import { requireRole } from '@/lib/auth/session'
import { acknowledgeClinicalAccess } from '@/lib/staff/clinical-access'
import { acknowledgeClinicalAccessSchema } from '@/lib/staff/schemas'

/** "Acknowledge" on the Overview's "New clinical access": physicians only, audited. */
export async function acknowledgeClinicalAccessAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole('physician')
  const input = acknowledgeClinicalAccessSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const outcome = await acknowledgeClinicalAccess(input.data)
  if (outcome.ok) revalidatePath('/')
  return fromOutcome(outcome, formData, 'Acknowledged.')
}
