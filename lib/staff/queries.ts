import 'server-only'
import { and, asc, desc, eq, sql } from 'drizzle-orm'
import { getDb } from '@/db/client'
import { auditLog, staff, type StaffRole } from '@/db/schema'
import { writeAudit } from '@/lib/audit'
import { requireRole } from '@/lib/auth/session'

export interface StaffListRow {
  id: string
  name: string
  email: string
  role: StaffRole
  active: boolean
  lockedUntil: Date | null
  lastLoginAt: Date | null
}

export async function listStaff(): Promise<StaffListRow[]> {
  await requireRole('admin')
  const db = await getDb()
  return db
    .select({
      id: staff.id,
      name: staff.name,
      email: staff.email,
      role: staff.role,
      active: staff.active,
      lockedUntil: staff.lockedUntil,
      lastLoginAt: staff.lastLoginAt,
    })
    .from(staff)
    .orderBy(desc(staff.active), asc(staff.name))
}

export type DeactivateOutcome = { ok: true } | { ok: false; message: string }

/** Deactivates a login and bumps its session version: its open sessions end at once. */
export async function deactivateStaff(
  staffId: string,
  ipAddress: string,
): Promise<DeactivateOutcome> {
  const me = await requireRole('admin')
  if (staffId === me.id) return { ok: false, message: 'You cannot deactivate your own account.' }
  const db = await getDb()
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(staff)
      .set({
        active: false,
        sessionVersion: sql`${staff.sessionVersion} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(staff.id, staffId), eq(staff.active, true)))
      .returning({ email: staff.email })
    if (!row) return { ok: false, message: 'That account is already inactive or does not exist.' }
    await writeAudit(tx, {
      action: 'staff.deactivated',
      entityType: 'staff',
      entityId: staffId,
      actorId: me.id,
      actorEmail: me.email,
      ipAddress,
      details: { changed: ['active'], email: row.email },
    })
    return { ok: true }
  })
}

export interface AuditRow {
  id: number
  occurredAt: Date
  actorEmail: string | null
  action: string
  entityType: string
  entityId: string | null
  ipAddress: string | null
  details: Record<string, unknown> | null
}

export async function recentAuditEntries(limit = 100): Promise<AuditRow[]> {
  await requireRole('admin')
  const db = await getDb()
  return db
    .select({
      id: auditLog.id,
      occurredAt: auditLog.occurredAt,
      actorEmail: auditLog.actorEmail,
      action: auditLog.action,
      entityType: auditLog.entityType,
      entityId: auditLog.entityId,
      ipAddress: auditLog.ipAddress,
      details: auditLog.details,
    })
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(limit)
}
