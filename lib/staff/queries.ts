import 'server-only'
import { and, asc, count, desc, eq, ilike, or, sql, type SQL } from 'drizzle-orm'
import { getDb } from '@/db/client'
import { auditLog, staff, type StaffRole } from '@/db/schema'
import { requireRole } from '@/lib/auth/session'
import { staffListParams, type StaffListParams, type StaffSort } from './list-params'

export interface StaffListRow {
  id: string
  name: string
  email: string
  role: StaffRole
  active: boolean
  /** Locked out now (the lock has not expired). */
  locked: boolean
  lockedUntil: Date | null
  failedLoginCount: number
  lastLoginAt: Date | null
  mustChangePassword: boolean
  /** Two-factor sign-in is set up. */
  twoFactor: boolean
}

export interface StaffList {
  rows: StaffListRow[]
  total: number
  /** Active admins in the whole table, for the last-admin rule. */
  activeAdmins: number
}

const lockedNow = sql<boolean>`coalesce(${staff.lockedUntil} > now(), false)`

// The explicit columns a screen gets: never the password hash.
const listColumns = {
  id: staff.id,
  name: staff.name,
  email: staff.email,
  role: staff.role,
  active: staff.active,
  locked: lockedNow,
  lockedUntil: staff.lockedUntil,
  failedLoginCount: staff.failedLoginCount,
  lastLoginAt: staff.lastLoginAt,
  mustChangePassword: staff.mustChangePassword,
  twoFactor: sql<boolean>`${staff.totpEnabledAt} is not null`,
}

const sortKeys: Record<StaffSort, SQL> = {
  name: sql`lower(${staff.name})`,
  email: sql`${staff.email}`,
  role: sql`${staff.role}`,
  // Ascending: active first, as the Status column reads.
  status: sql`case when ${staff.active} then 0 else 1 end`,
  lastLoginAt: sql`${staff.lastLoginAt}`,
  locked: lockedNow,
}

/** One page of staff for the admin list, filtered, sorted and paged in SQL. */
export async function listStaff(
  params: StaffListParams = staffListParams.parse({}),
): Promise<StaffList> {
  await requireRole('admin')
  const db = await getDb()
  const conditions: SQL[] = []
  if (params.q) {
    const pattern = `%${params.q.replace(/[\\%_]/g, (char) => `\\${char}`)}%`
    conditions.push(or(ilike(staff.name, pattern), ilike(staff.email, pattern))!)
  }
  if (params.role) conditions.push(eq(staff.role, params.role))
  if (params.status === 'active') conditions.push(eq(staff.active, true))
  if (params.status === 'inactive') conditions.push(eq(staff.active, false))
  if (params.status === 'locked') conditions.push(sql`${staff.lockedUntil} > now()`)
  const where = conditions.length ? and(...conditions) : undefined

  const key = sortKeys[params.sort]
  const primary = params.dir === 'asc' ? sql`${key} asc nulls last` : sql`${key} desc nulls last`
  const rows = await db
    .select(listColumns)
    .from(staff)
    .where(where)
    .orderBy(primary, asc(sql`lower(${staff.name})`), asc(staff.id))
    .limit(params.size)
    .offset((params.page - 1) * params.size)
  const [totals] = await db.select({ n: count() }).from(staff).where(where)
  const [admins] = await db
    .select({ n: count() })
    .from(staff)
    .where(and(eq(staff.role, 'admin'), eq(staff.active, true)))
  return { rows, total: totals?.n ?? 0, activeAdmins: admins?.n ?? 0 }
}

export interface StaffMember extends StaffListRow {
  createdAt: Date
  updatedAt: Date
}

/** One member for the admin's detail page, or null. */
export async function getStaffMember(
  staffId: string,
): Promise<{ member: StaffMember; activeAdmins: number } | null> {
  await requireRole('admin')
  const db = await getDb()
  const [member] = await db
    .select({ ...listColumns, createdAt: staff.createdAt, updatedAt: staff.updatedAt })
    .from(staff)
    .where(eq(staff.id, staffId))
    .limit(1)
  if (!member) return null
  const [admins] = await db
    .select({ n: count() })
    .from(staff)
    .where(and(eq(staff.role, 'admin'), eq(staff.active, true)))
  return { member, activeAdmins: admins?.n ?? 0 }
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

const auditColumns = {
  id: auditLog.id,
  occurredAt: auditLog.occurredAt,
  actorEmail: auditLog.actorEmail,
  action: auditLog.action,
  entityType: auditLog.entityType,
  entityId: auditLog.entityId,
  ipAddress: auditLog.ipAddress,
  details: auditLog.details,
}

/** The newest audit rows about one staff account: sign-ins, lockouts and admin changes. */
export async function staffHistory(staffId: string, limit = 50): Promise<AuditRow[]> {
  await requireRole('admin')
  const db = await getDb()
  return db
    .select(auditColumns)
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'staff'), eq(auditLog.entityId, staffId)))
    .orderBy(desc(auditLog.id))
    .limit(limit)
}
