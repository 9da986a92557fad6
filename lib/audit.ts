import { and, eq, gt, isNull, sql, type SQL } from 'drizzle-orm'
import type { Executor } from '@/db/client'
import { auditLog, type NewAuditEntry } from '@/db/schema'

export type AuditAction =
  | 'auth.sign_in'
  | 'auth.sign_in_failed'
  | 'auth.lockout'
  | 'auth.sign_in_throttled'
  | 'auth.sign_out'
  | 'auth.password_changed'
  | 'auth.password_change_failed'
  | 'auth.two_factor_enabled'
  | 'auth.two_factor_disabled'
  | 'auth.recovery_codes_replaced'
  | 'staff.created'
  | 'staff.deactivated'
  | 'staff.reactivated'
  | 'staff.role_changed'
  | 'staff.password_reset'
  | 'staff.unlocked'
  | 'staff.two_factor_reset'
  | 'staff.enrolment_link_issued'
  | 'staff.enrolment_link_refused'
  | 'staff.enrolled'
  | 'staff.clinical_access_acknowledged'
  | 'patient.view'
  | 'patient.created'
  | 'patient.updated'
  | 'patient.status_changed'
  | 'patient.export'
  | 'patient.import'
  | 'fracture.created'
  | 'fracture.updated'
  | 'fracture.removed'
  | 'imaging.ordered'
  | 'imaging.completed'
  | 'imaging.finding_added'
  | 'candidacy.decided'
  | 'procedure.scheduled'
  | 'procedure.rescheduled'
  | 'procedure.cancelled'
  | 'procedure.completed'
  | 'procedure.disposition_recorded'
  | 'procedure.amended'
  | 'adverse_event.recorded'
  | 'follow_up.recorded'
  | 'patient.restricted'
  | 'patient.unrestricted'
  | 'patient.access_granted'
  | 'patient.access_revoked'
  | 'record.restricted_refused'
  | 'record.break_glass'
  | 'record.break_glass_reviewed'
  | 'outcomes.export'
  | 'audit.export'
  | 'audit.restored'
  | 'access.denied'

export interface AuditEntry extends Omit<
  NewAuditEntry,
  'id' | 'occurredAt' | 'action' | 'chainSeq' | 'chainHash'
> {
  action: AuditAction
}

// Details must never carry secrets, whatever a caller passes.
const FORBIDDEN_DETAIL_KEYS = /password|hash|secret|token/i

function withoutSecrets(entry: AuditEntry) {
  const details = entry.details
    ? Object.fromEntries(
        Object.entries(entry.details).filter(([key]) => !FORBIDDEN_DETAIL_KEYS.test(key)),
      )
    : null
  return { ...entry, details }
}

export async function writeAudit(executor: Executor, entry: AuditEntry): Promise<void> {
  await writeAudits(executor, [entry])
}

/** Many rows in as few statements as the protocol allows (an import audits each patient). */
export async function writeAudits(
  executor: Executor,
  entries: readonly AuditEntry[],
): Promise<void> {
  for (let i = 0; i < entries.length; i += 5_000) {
    await executor.insert(auditLog).values(entries.slice(i, i + 5_000).map(withoutSecrets))
  }
}

// A repeat of the same row within this window is not written again (see writeAuditOncePerMinute).
const REPEAT_WINDOW = sql`interval '1 minute'`

/**
 * Writes `entry` unless the same actor has a row of the same action on the same target in the
 * last minute (`alsoSame` narrows "the same", e.g. to one route). For refusals: repeated by a
 * member, or by a script with their session or link, they cannot flood the log, and the first
 * stays on record. Repeats take turns on a transaction-scoped lock, so two at once write one row.
 */
export async function writeAuditOncePerMinute(
  executor: Executor,
  entry: AuditEntry,
  alsoSame?: SQL,
): Promise<void> {
  const actorId = entry.actorId ?? null
  const entityId = entry.entityId ?? null
  const key = ['audit-once', entry.action, actorId, entry.entityType, entityId].join(':')
  await executor.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`)
    const [recent] = await tx
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(
        and(
          actorId === null ? isNull(auditLog.actorId) : eq(auditLog.actorId, actorId),
          gt(auditLog.occurredAt, sql`now() - ${REPEAT_WINDOW}`),
          eq(auditLog.action, entry.action),
          eq(auditLog.entityType, entry.entityType),
          entityId === null ? isNull(auditLog.entityId) : eq(auditLog.entityId, entityId),
          alsoSame,
        ),
      )
      .limit(1)
    if (!recent) await writeAudit(tx, entry)
  })
}
