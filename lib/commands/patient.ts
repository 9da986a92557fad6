import 'server-only'
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Transaction } from '@/db/client'
import { patients, patientStatusEvents, staff, type PatientStatus } from '@/db/schema'
import { writeAudit, type AuditAction } from '@/lib/audit'
import type { CurrentStaff } from '@/lib/auth/session'
import { hiddenPatientIds } from './record-visibility'
import { refuseRestricted } from './restricted-refusal'
import { assertTransition, type TransitionKind } from './workflow'

// The writes every command on a patient's record shares: the lock, the audit row, the move along
// the workflow. Each runs inside the command's transaction.

export const STALE_RECORD_MESSAGE =
  'Someone else changed this record while you were editing. It now shows their version: check it and save again.'

export type LockedPatient = { id: string; status: PatientStatus; version: number }

/**
 * Locks the patient row for the rest of the transaction; returns its status and version, or
 * null. A restricted record `actor` may not see refuses the write (403), whatever the form said;
 * the pipeline audits that refusal once the transaction has rolled back.
 */
export async function lockPatient(
  tx: Transaction,
  patientId: string,
  actor: { id: string },
): Promise<LockedPatient | null> {
  const [row] = await tx
    .select({
      id: patients.id,
      status: patients.status,
      version: patients.version,
      hidden: sql<boolean>`${patients.id} in (${hiddenPatientIds(actor.id)})`,
    })
    .from(patients)
    .where(eq(patients.id, patientId))
    .for('update', { of: patients })
  if (row?.hidden) refuseRestricted(patientId)
  return row ? { id: row.id, status: row.status, version: row.version } : null
}

/** The ids among `ids` that belong to active physicians (a patient's or a procedure's). */
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
 * Audits a change to something that belongs to a patient (fracture, imaging, decision) under the
 * patient, so the record's History lists it; `details` names the item and the changed fields.
 */
export function auditPatientChange(
  tx: Transaction,
  args: {
    action: AuditAction
    patientId: string
    actor: CurrentStaff
    ipAddress: string
    details: Record<string, unknown>
  },
) {
  return writeAudit(tx, {
    action: args.action,
    entityType: 'patient',
    entityId: args.patientId,
    actorId: args.actor.id,
    actorEmail: args.actor.email,
    ipAddress: args.ipAddress,
    details: args.details,
  })
}

/**
 * Moves a patient along the workflow: checks the state machine, bumps the version, records the
 * event and the audit row. Returns false when the patient's status was not `from` any more
 * (someone else moved them first).
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
  await auditPatientChange(tx, {
    action: 'patient.status_changed',
    patientId: args.patientId,
    actor: args.actor,
    ipAddress: args.ipAddress,
    details: { from: args.from, to: args.to },
  })
  return true
}

/** What a command on a patient's record changed: the record's page. */
export const patientRecordChanged = ({ patientId }: { patientId: string }) => [
  `/candidates/${patientId}`,
]
