import 'server-only'
import { eq, sql } from 'drizzle-orm'
import type { Transaction } from '@/db/client'
import { fractures, patients } from '@/db/schema'
import { getDb } from '@/db/client'
import { writeAudit, type AuditAction } from '@/lib/audit'
import { requestAddress } from '@/lib/auth'
import { CLINICAL_ROLES, requireRole, type CurrentStaff } from '@/lib/auth/session'
import { hiddenPatientIds } from './restricted-filter'
import { refuseRestricted } from './restricted-refusal'

export { patientWriteTransaction } from './restricted-refusal'

/** Authorizes a clinical write and gathers what it needs: who, from where, the database. */
export async function clinicalWriteContext() {
  const me = await requireRole(...CLINICAL_ROLES)
  return { me, ipAddress: await requestAddress(), db: await getDb() }
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
 * Recomputes the list's Levels columns from the active fractures, in the same transaction as
 * the fracture change. Enum order is anatomical order, so ORDER BY level reads T1 … S1.
 */
export async function refreshFractureSummary(tx: Transaction, patientId: string): Promise<void> {
  const active = sql`from ${fractures} where ${fractures.patientId} = ${patientId} and ${fractures.removedAt} is null`
  await tx
    .update(patients)
    .set({
      fractureCount: sql`(select count(*)::int ${active})`,
      fractureLevels: sql`coalesce((select string_agg(${fractures.level}::text, ', ' order by ${fractures.level}) ${active}), '')`,
      updatedAt: sql`now()`,
    })
    .where(eq(patients.id, patientId))
}

/**
 * Locks the patient row for the rest of the transaction; returns its status and version, or
 * null. A restricted record `actor` may not see refuses the write (403), whatever the form said;
 * run the transaction with patientWriteTransaction so the refusal is audited.
 */
export async function lockPatient(tx: Transaction, patientId: string, actor: { id: string }) {
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
