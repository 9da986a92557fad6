'use server'

import { revalidatePath } from 'next/cache'
import { formFields, invalidInput, submittedValues, type ActionResult } from '@/lib/action-result'
import { requireRole } from '@/lib/auth/session'
import {
  addStaffMember,
  changeStaffRole,
  deactivateStaff,
  reactivateStaff,
  resetStaffPassword,
  resetStaffTwoFactor,
  unlockStaff,
  type StaffOutcome,
} from '@/lib/staff/mutations'
import {
  addStaffSchema,
  changeRoleSchema,
  resetPasswordSchema,
  staffTargetSchema,
} from '@/lib/staff/schemas'
import type { EnrolmentLinkResult } from '@/lib/staff/types'

// Each action: authorize as admin before reading anything → parse → the DAL (which checks
// again, re-reading the row, and writes the change and its audit row in one transaction) →
// revalidate → a result for the form. No admin sets or sees a member's password: new logins and
// resets get a single-use enrolment link instead.

function finish<T>(outcome: StaffOutcome<T>, formData: unknown, message: string): ActionResult<T> {
  if (!outcome.ok) return { ...outcome, values: submittedValues(formData) }
  revalidatePath('/admin/staff', 'layout')
  return { ok: true, message, data: outcome.data }
}

export async function addStaffAction(
  _previous: ActionResult<EnrolmentLinkResult>,
  formData: FormData,
): Promise<ActionResult<EnrolmentLinkResult>> {
  await requireRole('admin')
  const input = addStaffSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  const outcome = await addStaffMember(input.data)
  return finish(
    outcome,
    formData,
    `Added ${input.data.name} (${input.data.email}). Give them the enrolment link below: they set their own password with it.`,
  )
}

export async function changeRoleAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole('admin')
  const input = changeRoleSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  return finish(
    await changeStaffRole(input.data),
    formData,
    'Role changed. Their open sessions have ended.',
  )
}

export async function resetPasswordAction(
  _previous: ActionResult<EnrolmentLinkResult>,
  formData: FormData,
): Promise<ActionResult<EnrolmentLinkResult>> {
  await requireRole('admin')
  const input = resetPasswordSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  return finish(
    await resetStaffPassword(input.data),
    formData,
    'Password reset: the old one no longer works and their open sessions have ended. Give them the enrolment link below to set a new one.',
  )
}

export async function unlockStaffAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole('admin')
  const input = staffTargetSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  return finish(await unlockStaff(input.data), formData, 'Account unlocked.')
}

export async function deactivateStaffAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole('admin')
  const input = staffTargetSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  return finish(
    await deactivateStaff(input.data),
    formData,
    'Account deactivated. Its sessions have ended.',
  )
}

export async function reactivateStaffAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole('admin')
  const input = staffTargetSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  return finish(await reactivateStaff(input.data), formData, 'Account reactivated.')
}

export async function resetTwoFactorAction(
  _previous: ActionResult,
  formData: FormData,
): Promise<ActionResult> {
  await requireRole('admin')
  const input = staffTargetSchema.safeParse(formFields(formData))
  if (!input.success) return invalidInput(input.error, formData)
  return finish(
    await resetStaffTwoFactor(input.data),
    formData,
    'Two-factor sign-in removed. Their sessions have ended; they can set it up again.',
  )
}
