'use server'

import { revalidatePath } from 'next/cache'
import { redirect } from 'next/navigation'
import { formFields, invalidInput, submittedValues, type ActionResult } from '@/lib/action-result'
import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import { createPatient, updatePatient } from '@/lib/candidates/mutations'
import { patientFieldsSchema, updatePatientSchema } from '@/lib/candidates/schemas'

// Authorize before reading anything; the DAL checks again and writes with its audit row.

export async function createPatientAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole(...CLINICAL_ROLES)
  const input = patientFieldsSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const outcome = await createPatient(input.data)
  if (!outcome.ok) return { ...outcome, values: submittedValues(formData) }
  revalidatePath('/candidates')
  redirect(`/candidates/${outcome.data.id}`)
}

export async function updatePatientAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole(...CLINICAL_ROLES)
  const input = updatePatientSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const outcome = await updatePatient(input.data)
  // A lost race shows the record as it is now; any other refusal keeps what was typed.
  if (!outcome.ok) return { ...outcome, values: outcome.current ?? submittedValues(formData) }
  revalidatePath('/candidates')
  redirect(`/candidates/${outcome.data.id}`)
}
