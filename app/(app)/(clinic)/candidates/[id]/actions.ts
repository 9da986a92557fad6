'use server'

import { revalidatePath } from 'next/cache'
import {
  formFields,
  fromOutcome,
  invalidInput,
  submittedForm,
  type ActionResult,
} from '@/lib/action-result'
import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import { recordDecision } from '@/lib/candidacy/mutations'
import { decisionSchema } from '@/lib/candidacy/schemas'
import { addFracture, removeFracture, updateFracture } from '@/lib/fractures/mutations'
import {
  addFractureSchema,
  removeFractureSchema,
  updateFractureSchema,
} from '@/lib/fractures/schemas'
import { completeImaging, orderImaging } from '@/lib/imaging/mutations'
import { completeImagingSchema, orderImagingSchema } from '@/lib/imaging/schemas'
import { changeStatus, type MutationOutcome } from '@/lib/candidates/mutations'
import { changeStatusSchema } from '@/lib/candidates/schemas'
import {
  grantAccess,
  restrictPatient,
  revokeAccess,
  unrestrictPatient,
} from '@/lib/candidates/restricted'
import {
  grantAccessSchema,
  restrictRecordSchema,
  revokeAccessSchema,
} from '@/lib/candidates/restricted-schema'
import { TransitionNotAllowedError } from '@/lib/candidates/workflow'
import { recordFollowUp } from '@/lib/follow-ups/mutations'
import { followUpSchema } from '@/lib/follow-ups/schemas'
import {
  cancelProcedure,
  completeProcedure,
  recordAdverseEvent,
  rescheduleProcedure,
  scheduleProcedure,
} from '@/lib/procedures/mutations'
import {
  adverseEventSchema,
  cancelProcedureSchema,
  completeProcedureSchema,
  procedureFormObject,
  rescheduleProcedureSchema,
  scheduleProcedureSchema,
} from '@/lib/procedures/schemas'

// Every action: authorize before reading anything (the roles its DAL function enforces) →
// parse with the form's schema → the DAL checks again and writes in one transaction with its
// audit row → revalidate the record it wrote → a result the form shows.

/** Revalidates the record the DAL reports it changed, never a path taken from the form. */
function settle(
  outcome: MutationOutcome<{ patientId: string } | undefined>,
  formData: unknown,
  successMessage: string,
): ActionResult {
  if (outcome.ok && outcome.data) revalidatePath(`/candidates/${outcome.data.patientId}`)
  return fromOutcome(outcome, formData, successMessage)
}

export async function addFractureAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole(...CLINICAL_ROLES)
  const input = addFractureSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const { patientId, ...fields } = input.data
  const outcome = await addFracture(patientId, fields)
  return settle(outcome, formData, 'Fracture added.')
}

export async function updateFractureAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole(...CLINICAL_ROLES)
  const input = updateFractureSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const { fractureId, version, ...fields } = input.data
  const outcome = await updateFracture(fractureId, version, fields)
  return settle(outcome, formData, 'Fracture saved.')
}

export async function removeFractureAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole(...CLINICAL_ROLES)
  const input = removeFractureSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const outcome = await removeFracture(input.data.fractureId, input.data.version)
  return settle(outcome, formData, 'Fracture removed.')
}

export async function orderImagingAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole(...CLINICAL_ROLES)
  const input = orderImagingSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const outcome = await orderImaging(input.data)
  return settle(outcome, formData, 'Imaging ordered.')
}

export async function completeImagingAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole(...CLINICAL_ROLES)
  const input = completeImagingSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const outcome = await completeImaging(input.data)
  return settle(outcome, formData, 'Imaging completed.')
}

export async function recordDecisionAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole('physician')
  const input = decisionSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const outcome = await recordDecision(input.data)
  return settle(outcome, formData, 'Decision saved.')
}

export async function changeStatusAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole(...CLINICAL_ROLES)
  const input = changeStatusSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  try {
    const outcome = await changeStatus(input.data)
    return settle(outcome, formData, 'Status changed.')
  } catch (error) {
    if (error instanceof TransitionNotAllowedError) {
      return { ok: false, message: 'That status change is not allowed from the current status.' }
    }
    throw error
  }
}

export async function scheduleProcedureAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole(...CLINICAL_ROLES)
  const input = scheduleProcedureSchema.safeParse(procedureFormObject(submittedForm(formData)))
  if (!input.success) return invalidInput(input.error, formData)
  return settle(await scheduleProcedure(input.data), formData, 'Procedure scheduled.')
}

export async function rescheduleProcedureAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole(...CLINICAL_ROLES)
  const input = rescheduleProcedureSchema.safeParse(procedureFormObject(submittedForm(formData)))
  if (!input.success) return invalidInput(input.error, formData)
  return settle(await rescheduleProcedure(input.data), formData, 'Procedure rescheduled.')
}

export async function cancelProcedureAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole(...CLINICAL_ROLES)
  const input = cancelProcedureSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  return settle(await cancelProcedure(input.data), formData, 'Procedure cancelled.')
}

export async function completeProcedureAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole('physician')
  const input = completeProcedureSchema.safeParse(procedureFormObject(submittedForm(formData)))
  if (!input.success) return invalidInput(input.error, formData)
  return settle(await completeProcedure(input.data), formData, 'Procedure completed.')
}

export async function recordAdverseEventAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole('physician')
  const input = adverseEventSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  return settle(await recordAdverseEvent(input.data), formData, 'Adverse event recorded.')
}

export async function recordFollowUpAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole(...CLINICAL_ROLES)
  // The timepoint select carries "<follow-up id>:<version>".
  const fields = formFields(formData)
  const [followUpId, version] = String(fields.followUpRef ?? '').split(':')
  const input = followUpSchema.safeParse({ ...fields, followUpId, version })
  if (!input.success) return invalidInput(input.error, formData)
  return settle(await recordFollowUp(input.data), formData, 'Follow-up saved.')
}

export async function restrictRecordAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole(...CLINICAL_ROLES)
  const input = restrictRecordSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const outcome = await restrictPatient(input.data.patientId, input.data.reason)
  return settle(outcome, formData, 'Record restricted.')
}

export async function unrestrictRecordAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole(...CLINICAL_ROLES)
  const input = restrictRecordSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const outcome = await unrestrictPatient(input.data.patientId, input.data.reason)
  return settle(outcome, formData, 'Restriction lifted.')
}

export async function grantAccessAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole(...CLINICAL_ROLES)
  const input = grantAccessSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const outcome = await grantAccess(input.data)
  return settle(outcome, formData, 'Access granted.')
}

export async function revokeAccessAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole(...CLINICAL_ROLES)
  const input = revokeAccessSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const outcome = await revokeAccess(input.data.grantId)
  return settle(outcome, formData, 'Access revoked.')
}
