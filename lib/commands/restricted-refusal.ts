import 'server-only'
import { forbidden } from 'next/navigation'
import type { Database, Executor, Transaction } from '@/db/client'
import { writeAuditOncePerMinute } from '@/lib/audit'
import { requestAddress } from '@/lib/auth'
import type { CurrentStaff } from '@/lib/auth/session'

// A restricted record refused to a member is audited as `record.restricted_refused`, at most
// once a minute per member and record, whether they tried to open it, write to it or manage its
// access.

export type RefusedUse = 'open' | 'write' | 'manage_access'

/** Writes the audit row of a use of a record refused because it is restricted. */
export async function auditRestrictedRefusal(
  db: Executor,
  me: CurrentStaff,
  patientId: string,
  refused: RefusedUse = 'open',
) {
  await writeAuditOncePerMinute(db, {
    action: 'record.restricted_refused',
    entityType: 'patient',
    entityId: patientId,
    actorId: me.id,
    actorEmail: me.email,
    ipAddress: await requestAddress(),
    details: { refused },
  })
}

// The refusal behind each 403 that refuseRestricted threw. Inside the write's transaction an
// audit row would roll back with it, so the row is written once the transaction has ended.
const refusals = new WeakMap<object, { patientId: string; refused: RefusedUse }>()

/** Refuses (403) a write to, or a change of access of, the restricted record `patientId`. */
export function refuseRestricted(patientId: string, refused: RefusedUse = 'write'): never {
  try {
    forbidden()
  } catch (error) {
    if (typeof error === 'object' && error !== null) refusals.set(error, { patientId, refused })
    throw error
  }
}

/**
 * The transaction of a write to a patient's record: a refusal of a restricted record inside it
 * (refuseRestricted, e.g. through lockPatient) is audited after the rollback, then the 403 goes
 * on.
 */
export async function patientWriteTransaction<T>(
  db: Database,
  me: CurrentStaff,
  run: (tx: Transaction) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction(run)
  } catch (error) {
    const refusal = typeof error === 'object' && error !== null ? refusals.get(error) : undefined
    if (refusal) await auditRestrictedRefusal(db, me, refusal.patientId, refusal.refused)
    throw error
  }
}
