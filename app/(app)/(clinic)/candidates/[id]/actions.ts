'use server'

import { revalidatePath } from 'next/cache'
import { fromOutcome, invalidInput, type ActionResult } from '@/lib/action-result'
import { recordDecision } from '@/lib/candidacy/mutations'
import { decisionSchema } from '@/lib/candidacy/schema'
import { addFracture, removeFracture, updateFracture } from '@/lib/fractures/mutations'
import {
  addFractureSchema,
  removeFractureSchema,
  updateFractureSchema,
} from '@/lib/fractures/schema'
import { completeImaging, orderImaging } from '@/lib/imaging/mutations'
import { completeImagingSchema, orderImagingSchema } from '@/lib/imaging/schema'
import { changeStatus } from '@/lib/patients/mutations'
import { changeStatusSchema } from '@/lib/patients/schema'
import { TransitionNotAllowedError } from '@/lib/patients/workflow'

// Every action: parse with the form's schema → the DAL authorizes and writes in one
// transaction with its audit row → revalidate the record → a result the form shows.

const refresh = (formData: FormData) =>
  revalidatePath(`/candidates/${String(formData.get('patientId'))}`)

export async function addFractureAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  const input = addFractureSchema.safeParse(Object.fromEntries(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const { patientId, ...fields } = input.data
  const outcome = await addFracture(patientId, fields)
  refresh(formData)
  return fromOutcome(outcome, formData, 'Fracture added.')
}

export async function updateFractureAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  const input = updateFractureSchema.safeParse(Object.fromEntries(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const { fractureId, version, ...fields } = input.data
  const outcome = await updateFracture(fractureId, version, fields)
  refresh(formData)
  return fromOutcome(outcome, formData, 'Fracture saved.')
}

export async function removeFractureAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  const input = removeFractureSchema.safeParse(Object.fromEntries(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const outcome = await removeFracture(input.data.fractureId)
  refresh(formData)
  return fromOutcome(outcome, formData, 'Fracture removed.')
}

export async function orderImagingAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  const input = orderImagingSchema.safeParse(Object.fromEntries(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const outcome = await orderImaging(input.data)
  refresh(formData)
  return fromOutcome(outcome, formData, 'Imaging ordered.')
}

export async function completeImagingAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  const input = completeImagingSchema.safeParse(Object.fromEntries(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const outcome = await completeImaging(input.data)
  refresh(formData)
  return fromOutcome(outcome, formData, 'Imaging completed.')
}

export async function recordDecisionAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  const input = decisionSchema.safeParse(Object.fromEntries(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const outcome = await recordDecision(input.data)
  refresh(formData)
  return fromOutcome(outcome, formData, 'Decision saved.')
}

export async function changeStatusAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  const input = changeStatusSchema.safeParse(Object.fromEntries(formData))
  if (!input.success) return invalidInput(input.error, formData)
  try {
    const outcome = await changeStatus(input.data)
    refresh(formData)
    return fromOutcome(outcome, formData, 'Status changed.')
  } catch (error) {
    if (error instanceof TransitionNotAllowedError) {
      return { ok: false, message: 'That status change is not allowed from the current status.' }
    }
    throw error
  }
}
