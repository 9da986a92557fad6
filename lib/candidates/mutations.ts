import 'server-only'
import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import { getDb, type Transaction } from '@/db/client'
import { followUps, patients, patientStatusEvents, staff, type PatientStatus } from '@/db/schema'
import { INVALID_FIELDS_MESSAGE } from '@/lib/action-result'
import { writeAudit, writeAudits } from '@/lib/audit'
import { requestAddress } from '@/lib/auth'
import { CLINICAL_ROLES, requireRole, type CurrentStaff } from '@/lib/auth/session'
import { violatedUniqueConstraint } from '@/lib/db-errors'
import { lockPatient, patientWriteTransaction } from './patient-scope'
import { recordAccess } from './restricted'
import { assertTransition, type TransitionKind } from './workflow'
import type { PatientFields, UpdatePatientInput } from './schemas'

export type MutationOutcome<T = undefined> =
  | { ok: true; data: T }
  | {
      ok: false
      message: string
      fieldErrors?: Record<string, string[]>
      /** On a lost race: the record as it is now, for the form to show. */
      current?: Record<string, string>
    }

export const STALE_RECORD_MESSAGE =
  'Someone else changed this record while you were editing. It now shows their version: check it and save again.'

const fieldError = (field: string, message: string) => ({
  ok: false as const,
  message: INVALID_FIELDS_MESSAGE,
  fieldErrors: { [field]: [message] },
})
const duplicateMrn = (mrn: string) => fieldError('mrn', `A patient with MRN ${mrn} already exists`)
const inactivePhysician = fieldError('assignedPhysicianId', 'Choose an active physician')
export const RESTRICTED_REASSIGNMENT_MESSAGE =
  'Only the assigned physician or a member with standing access may reassign a restricted record'
const restrictedReassignment = fieldError('assignedPhysicianId', RESTRICTED_REASSIGNMENT_MESSAGE)

async function mayManageAccess(tx: Transaction, memberId: string, patientId: string) {
  const access = await recordAccess(tx, memberId, patientId)
  return access.kind === 'open' && access.mayManage
}

/** The ids among `ids` that belong to active physicians. */
export async function activePhysicianIds(
  tx: Transaction,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const rows = await tx
    .select({ id: staff.id })
    .from(staff)
    .where(
      and(
        inArray(staff.id, [...new Set(ids)]),
        eq(staff.role, 'physician'),
        eq(staff.active, true),
      ),
    )
  return new Set(rows.map((row) => row.id))
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

export async function createPatient(
  input: PatientFields,
): Promise<MutationOutcome<{ id: string }>> {
  const me = await requireRole(...CLINICAL_ROLES)
  const ipAddress = await requestAddress()
  const db = await getDb()
  try {
    return await db.transaction(async (tx) => {
      if (
        !(await activePhysicianIds(tx, [input.assignedPhysicianId])).has(input.assignedPhysicianId)
      ) {
        return inactivePhysician
      }
      const [row] = await insertReferredPatients(tx, [input], me, ipAddress, 'form')
      return { ok: true as const, data: { id: row!.id } }
    })
  } catch (error) {
    // Two people entering the same MRN at once: the unique index decides, the loser sees why.
    if (violatedUniqueConstraint(error) === 'patients_mrn_key') return duplicateMrn(input.mrn)
    throw error
  }
}

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
export async function updatePatient(
  input: UpdatePatientInput,
): Promise<MutationOutcome<{ id: string }>> {
  const me = await requireRole(...CLINICAL_ROLES)
  const ipAddress = await requestAddress()
  const db = await getDb()
  try {
    return await patientWriteTransaction(db, me, async (tx) => {
      const [before] = await tx
        .select()
        .from(patients)
        .where(eq(patients.id, input.id))
        .for('update')
      if (!before) return { ok: false as const, message: 'This patient no longer exists.' }
      // A restricted record the member may not see refuses the edit (403).
      await lockPatient(tx, input.id, me)
      if (before.version !== input.version) {
        return { ok: false as const, message: STALE_RECORD_MESSAGE, current: formValues(before) }
      }
      if (before.assignedPhysicianId !== input.assignedPhysicianId) {
        // The assigned physician may manage a restricted record's access: only those who may
        // manage it already hand that on (a break-glass access may not pick its own physician).
        if (before.restricted && !(await mayManageAccess(tx, me.id, input.id))) {
          return restrictedReassignment
        }
        if (
          !(await activePhysicianIds(tx, [input.assignedPhysicianId])).has(
            input.assignedPhysicianId,
          )
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
      return { ok: true as const, data: { id: input.id } }
    })
  } catch (error) {
    if (violatedUniqueConstraint(error) === 'patients_mrn_key') return duplicateMrn(input.mrn)
    throw error
  }
}

/** A patient row as the edit form's text values. */
export function formValues(row: typeof patients.$inferSelect): Record<string, string> {
  return {
    ...Object.fromEntries(EDITABLE_FIELDS.map((field) => [field, row[field] ?? ''])),
    id: row.id,
    version: String(row.version),
  }
}

/**
 * Moves a patient along the workflow inside the caller's transaction: checks the state machine,
 * bumps the version, records the event and the audit row. Returns false when the patient's
 * status was not `from` any more (someone else moved them first).
 */
export async function recordTransition(
  tx: Transaction,
  args: {
    patientId: string
    from: PatientStatus
    to: PatientStatus
    kind: TransitionKind
    note: string | null
    actor: CurrentStaff
    ipAddress: string
  },
  extra: Partial<Pick<typeof patients.$inferInsert, 'plannedProcedure'>> = {},
): Promise<boolean> {
  assertTransition(args.from, args.to, args.kind)
  const moved = await tx
    .update(patients)
    .set({
      ...extra,
      status: args.to,
      version: sql`${patients.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(patients.id, args.patientId), eq(patients.status, args.from)))
    .returning({ id: patients.id })
  if (moved.length === 0) return false
  await tx.insert(patientStatusEvents).values({
    patientId: args.patientId,
    fromStatus: args.from,
    toStatus: args.to,
    note: args.note,
    actorId: args.actor.id,
  })
  await writeAudit(tx, {
    action: 'patient.status_changed',
    entityType: 'patient',
    entityId: args.patientId,
    actorId: args.actor.id,
    actorEmail: args.actor.email,
    ipAddress: args.ipAddress,
    details: { from: args.from, to: args.to },
  })
  return true
}

/** A manual move on the record page (e.g. referred → imaging, follow-up → closed). */
export async function changeStatus(input: {
  patientId: string
  from: PatientStatus
  to: PatientStatus
  note: string | null
}): Promise<MutationOutcome<{ patientId: string }>> {
  const me = await requireRole(...CLINICAL_ROLES)
  const ipAddress = await requestAddress()
  const db = await getDb()
  return patientWriteTransaction(db, me, async (tx) => {
    if (!(await lockPatient(tx, input.patientId, me)))
      return { ok: false as const, message: 'This patient no longer exists.' }
    if (input.to === 'closed' && !(await twelveMonthFollowUpDone(tx, input.patientId))) {
      return {
        ok: false as const,
        message:
          'A patient is closed after the 12-month follow-up is recorded (or marked lost to follow-up).',
      }
    }
    const moved = await recordTransition(tx, { ...input, kind: 'manual', actor: me, ipAddress })
    return moved
      ? { ok: true as const, data: { patientId: input.patientId } }
      : {
          ok: false as const,
          message: 'The status changed meanwhile: the page now shows the current one.',
        }
  })
}

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
