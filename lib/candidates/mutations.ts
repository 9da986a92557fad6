import 'server-only'
import { and, eq, isNotNull, sql } from 'drizzle-orm'
import type { Transaction } from '@/db/client'
import { followUps, patients, patientStatusEvents } from '@/db/schema'
import { fieldError, refused } from '@/lib/action-result'
import { writeAudit, writeAudits } from '@/lib/audit'
import { CLINICAL_ROLES, type CurrentStaff } from '@/lib/auth/session'
import { violatedUniqueConstraint } from '@/lib/db-errors'
import {
  activePhysicianIds,
  lockPatient,
  patientRecordChanged,
  recordTransition,
  STALE_RECORD_MESSAGE,
} from '@/lib/commands/patient'
import { dataAccess, defineCommand, done } from '@/lib/commands/pipeline'
import { TransitionNotAllowedError } from '@/lib/commands/workflow'
import { recordAccess } from './restricted-access'
import {
  changeStatusSchema,
  patientFieldsSchema,
  updatePatientSchema,
  type PatientFields,
} from './schemas'

// Two people entering the same MRN at once: the unique index decides, the loser sees why.
const duplicateMrn = (error: unknown, input: { mrn: string }) =>
  violatedUniqueConstraint(error) === 'patients_mrn_key'
    ? fieldError('mrn', `A patient with MRN ${input.mrn} already exists`)
    : undefined
const inactivePhysician = fieldError('assignedPhysicianId', 'Choose an active physician')
export const RESTRICTED_REASSIGNMENT_MESSAGE =
  'Only the assigned physician or a member with standing access may reassign a restricted record'
const restrictedReassignment = fieldError('assignedPhysicianId', RESTRICTED_REASSIGNMENT_MESSAGE)
// The list shows the patient; then the record written opens.
const patientChanged = () => ['/candidates']
const openRecord = ({ id }: { id: string }) => `/candidates/${id}`

async function mayManageAccess(tx: Transaction, memberId: string, patientId: string) {
  const access = await recordAccess(tx, memberId, patientId)
  return access.kind === 'open' && access.mayManage
}

/**
 * Inserts patients as referred, each with its first status event and an audit row, inside the
 * caller's transaction. Shared by the form and the CSV import.
 */
export async function insertReferredPatients(
  tx: Transaction,
  rows: readonly PatientFields[],
  actor: CurrentStaff,
  ipAddress: string,
  source: 'form' | 'import',
): Promise<{ id: string; mrn: string }[]> {
  const inserted: { id: string; mrn: string }[] = []
  // Chunks keep each statement under the protocol's 65,535 bind parameters.
  for (let i = 0; i < rows.length; i += 2_000) {
    const values = rows.slice(i, i + 2_000).map((row) => ({ ...row, status: 'referred' as const }))
    inserted.push(
      ...(await tx
        .insert(patients)
        .values(values)
        .returning({ id: patients.id, mrn: patients.mrn })),
    )
  }
  for (let i = 0; i < inserted.length; i += 5_000) {
    await tx.insert(patientStatusEvents).values(
      inserted.slice(i, i + 5_000).map((row) => ({
        patientId: row.id,
        fromStatus: null,
        toStatus: 'referred' as const,
        actorId: actor.id,
        note: source === 'import' ? 'Imported from CSV' : null,
      })),
    )
  }
  await writeAudits(
    tx,
    inserted.map((row) => ({
      action: 'patient.created' as const,
      entityType: 'patient',
      entityId: row.id,
      actorId: actor.id,
      actorEmail: actor.email,
      ipAddress,
      // No PHI in the audit log (admins read it): the id names the patient.
      details: { source },
    })),
  )
  return inserted
}

export const createPatientCommand = defineCommand({
  roles: CLINICAL_ROLES,
  schema: patientFieldsSchema,
  async run({ tx, me, ipAddress }, input) {
    if (!(await activePhysicianIds(tx, [input.assignedPhysicianId])).has(input.assignedPhysicianId))
      return inactivePhysician
    const [row] = await insertReferredPatients(tx, [input], me, ipAddress, 'form')
    return done({ id: row!.id })
  },
  refusalFor: duplicateMrn,
  changed: patientChanged,
  then: { redirect: openRecord },
})

const EDITABLE_FIELDS = [
  'mrn',
  'firstName',
  'lastName',
  'dateOfBirth',
  'sex',
  'phone',
  'referralDate',
  'referringPhysician',
  'etiology',
  'assignedPhysicianId',
  'painOnsetDate',
] as const satisfies readonly (keyof PatientFields)[]

/** Saves an edit only if nobody saved since the form was opened (optimistic concurrency). */
export const updatePatientCommand = defineCommand({
  roles: CLINICAL_ROLES,
  schema: updatePatientSchema,
  async run({ tx, me, ipAddress }, input) {
    const [before] = await tx.select().from(patients).where(eq(patients.id, input.id)).for('update')
    if (!before) return refused('This patient no longer exists.')
    // A restricted record the member may not see refuses the edit (403).
    await lockPatient(tx, input.id, me)
    if (before.version !== input.version) {
      // A lost race shows the record as it is now.
      return refused(STALE_RECORD_MESSAGE, { values: formValues(before) })
    }
    if (before.assignedPhysicianId !== input.assignedPhysicianId) {
      // The assigned physician may manage a restricted record's access: only those who may
      // manage it already hand that on (a break-glass access may not pick its own physician).
      if (before.restricted && !(await mayManageAccess(tx, me.id, input.id))) {
        return restrictedReassignment
      }
      if (
        !(await activePhysicianIds(tx, [input.assignedPhysicianId])).has(input.assignedPhysicianId)
      ) {
        return inactivePhysician
      }
    }
    const changed = EDITABLE_FIELDS.filter((field) => before[field] !== input[field])
    const values = Object.fromEntries(EDITABLE_FIELDS.map((field) => [field, input[field]]))
    await tx
      .update(patients)
      .set({ ...values, version: sql`${patients.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(patients.id, input.id), eq(patients.version, input.version)))
    await writeAudit(tx, {
      action: 'patient.updated',
      entityType: 'patient',
      entityId: input.id,
      actorId: me.id,
      actorEmail: me.email,
      ipAddress,
      details: { changed },
    })
    return done({ id: input.id })
  },
  refusalFor: duplicateMrn,
  changed: patientChanged,
  then: { redirect: openRecord },
})

/** A patient row as the edit form's text values. */
export function formValues(row: typeof patients.$inferSelect): Record<string, string> {
  return {
    ...Object.fromEntries(EDITABLE_FIELDS.map((field) => [field, row[field] ?? ''])),
    id: row.id,
    version: String(row.version),
  }
}

/** A manual move on the record page (e.g. referred → imaging, follow-up → closed). */
export const changeStatusCommand = defineCommand({
  roles: CLINICAL_ROLES,
  schema: changeStatusSchema,
  async run({ tx, me, ipAddress }, input) {
    if (!(await lockPatient(tx, input.patientId, me)))
      return refused('This patient no longer exists.')
    if (input.to === 'closed' && !(await twelveMonthFollowUpDone(tx, input.patientId))) {
      return refused(
        'A patient is closed after the 12-month follow-up is recorded (or marked lost to follow-up).',
      )
    }
    const moved = await recordTransition(tx, { ...input, kind: 'manual', actor: me, ipAddress })
    return moved
      ? done({ patientId: input.patientId })
      : refused('The status changed meanwhile: the page now shows the current one.')
  },
  refusalFor: (error) =>
    error instanceof TransitionNotAllowedError
      ? refused('That status change is not allowed from the current status.')
      : undefined,
  changed: patientRecordChanged,
  then: { message: 'Status changed.' },
})

export const createPatient = dataAccess(createPatientCommand)
export const updatePatient = dataAccess(updatePatientCommand)
export const changeStatus = dataAccess(changeStatusCommand)

async function twelveMonthFollowUpDone(tx: Transaction, patientId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: followUps.id })
    .from(followUps)
    .where(
      and(
        eq(followUps.patientId, patientId),
        eq(followUps.timepoint, 'm12'),
        isNotNull(followUps.assessedOn),
      ),
    )
    .limit(1)
  return Boolean(row)
}
