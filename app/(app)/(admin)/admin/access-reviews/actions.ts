'use server'

import { revalidatePath } from 'next/cache'
import { formFields, fromOutcome, invalidInput, type ActionResult } from '@/lib/action-result'
import { markAccessReviewed } from '@/lib/access-reviews/reviews'
import { requireRole } from '@/lib/auth/session'
import { reviewAccessSchema } from '@/lib/candidates/restricted-schema'

export async function markAccessReviewedAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole('admin')
  const input = reviewAccessSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const outcome = await markAccessReviewed(input.data.grantId)
  if (outcome.ok) revalidatePath('/admin/access-reviews')
  return fromOutcome(outcome, formData, 'Marked reviewed.')
}
