import type { Executor } from '@/db/client'
import { auditLog, type NewAuditEntry } from '@/db/schema'

export type AuditAction =
  | 'auth.sign_in'
  | 'auth.sign_in_failed'
  | 'auth.lockout'
  | 'auth.sign_in_throttled'
  | 'auth.sign_out'
  | 'auth.password_changed'
  | 'staff.created'
  | 'staff.deactivated'
  | 'patient.view'

export interface AuditEntry extends Omit<NewAuditEntry, 'id' | 'occurredAt' | 'action'> {
  action: AuditAction
}

// Details must never carry secrets, whatever a caller passes.
const FORBIDDEN_DETAIL_KEYS = /password|hash|secret|token/i

export async function writeAudit(executor: Executor, entry: AuditEntry): Promise<void> {
  const details = entry.details
    ? Object.fromEntries(
        Object.entries(entry.details).filter(([key]) => !FORBIDDEN_DETAIL_KEYS.test(key)),
      )
    : null
  await executor.insert(auditLog).values({ ...entry, details })
}
