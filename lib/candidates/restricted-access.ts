import 'server-only'
import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Executor } from '@/db/client'
import { getDb } from '@/db/client'
import { patientAccessGrants, patientRestrictionChanges, patients, staff } from '@/db/schema'
import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'

// Who may see and manage a restricted record, and what its Access section and History show.
// The changes themselves are commands (./restricted.ts).

/**
 * What `viewer` may do with one patient's record:
 * - `open`: not restricted, or the assigned physician, or a standing grant (may manage access);
 * - `break_glass`: restricted, seen through the viewer's own break-glass access until `until`;
 * - `restricted`: restricted and not theirs to see (the page offers to break the glass);
 * - `missing`: no such patient.
 */
export type RecordAccess =
  | { kind: 'open'; restricted: boolean; mayManage: boolean }
  | { kind: 'break_glass'; until: Date }
  | { kind: 'restricted' }
  | { kind: 'missing' }

// Spelled out: drizzle leaves a selected column unqualified, which inside these subqueries would
// name the grant's own id.
const PATIENT_ID = sql.raw('"patients"."id"')

/** A grant or break-glass access not revoked and not expired. */
export const activeAccess = and(
  isNull(patientAccessGrants.revokedAt),
  or(isNull(patientAccessGrants.expiresAt), gt(patientAccessGrants.expiresAt, sql`now()`)),
)

export async function recordAccess(
  db: Executor,
  viewerId: string,
  patientId: string,
): Promise<RecordAccess> {
  const [row] = await db
    .select({
      restricted: patients.restricted,
      assignedPhysicianId: patients.assignedPhysicianId,
      standingGrant: sql<boolean>`exists (select 1 from patient_access_grants g where g.patient_id = ${PATIENT_ID} and g.staff_id = ${viewerId}::uuid and g.kind = 'grant' and g.revoked_at is null)`,
      breakGlassUntil:
        sql<Date | null>`(select max(g.expires_at) from patient_access_grants g where g.patient_id = ${PATIENT_ID} and g.staff_id = ${viewerId}::uuid and g.kind = 'break_glass' and g.revoked_at is null and g.expires_at > now())`.mapWith(
          (value: string | Date | null) => (value === null ? null : new Date(value)),
        ),
    })
    .from(patients)
    .where(eq(patients.id, patientId))
  if (!row) return { kind: 'missing' }
  const owns = row.assignedPhysicianId === viewerId || row.standingGrant
  if (!row.restricted || owns) return { kind: 'open', restricted: row.restricted, mayManage: owns }
  if (row.breakGlassUntil) return { kind: 'break_glass', until: row.breakGlassUntil }
  return { kind: 'restricted' }
}

/** The record's restriction and who holds access, for the record's "Access" section. */
export async function restrictionSummary(db: Executor, patientId: string) {
  const member = alias(staff, 'member')
  const [[patient], grants] = await Promise.all([
    db
      .select({
        restricted: patients.restricted,
        reason: patients.restrictedReason,
        restrictedAt: patients.restrictedAt,
      })
      .from(patients)
      .where(eq(patients.id, patientId)),
    db
      .select({
        id: patientAccessGrants.id,
        kind: patientAccessGrants.kind,
        memberName: member.name,
        reason: patientAccessGrants.reason,
        grantedAt: patientAccessGrants.grantedAt,
        expiresAt: patientAccessGrants.expiresAt,
      })
      .from(patientAccessGrants)
      .innerJoin(member, eq(member.id, patientAccessGrants.staffId))
      .where(and(eq(patientAccessGrants.patientId, patientId), activeAccess))
      .orderBy(asc(patientAccessGrants.grantedAt)),
  ])
  return { restricted: patient?.restricted ?? false, reason: patient?.reason ?? null, grants }
}

// The audit actions whose row names the change or grant that holds the reason given.
const ACTIONS_WITH_REASONS: ReadonlySet<string> = new Set([
  'patient.restricted',
  'patient.unrestricted',
  'patient.access_granted',
  'record.break_glass',
])

/**
 * The reason behind an access event of the record's History, for those who may open the record:
 * read from the change or grant its audit row names (older rows carried the text themselves).
 */
export async function accessEventReasons(
  db: Executor,
  patientId: string,
): Promise<(entry: { action: string; details: unknown }) => string | null> {
  const [changes, grants] = await Promise.all([
    db
      .select({ id: patientRestrictionChanges.id, reason: patientRestrictionChanges.reason })
      .from(patientRestrictionChanges)
      .where(eq(patientRestrictionChanges.patientId, patientId)),
    db
      .select({ id: patientAccessGrants.id, reason: patientAccessGrants.reason })
      .from(patientAccessGrants)
      .where(eq(patientAccessGrants.patientId, patientId)),
  ])
  const reasons = new Map([...changes, ...grants].map((row) => [row.id, row.reason]))
  return ({ action, details }) => {
    if (!ACTIONS_WITH_REASONS.has(action) || typeof details !== 'object' || details === null)
      return null
    const { changeId, grantId, reason } = details as Record<string, unknown>
    const id =
      typeof changeId === 'string' ? changeId : typeof grantId === 'string' ? grantId : null
    return (id && reasons.get(id)) ?? (typeof reason === 'string' ? reason : null)
  }
}

/** Active clinical members who may be granted access (the grant form's select). */
export async function grantableMembers() {
  const me = await requireRole(...CLINICAL_ROLES)
  const db = await getDb()
  return db
    .select({ id: staff.id, name: staff.name, role: staff.role })
    .from(staff)
    .where(
      and(
        eq(staff.active, true),
        or(eq(staff.role, 'coordinator'), eq(staff.role, 'physician')),
        sql`${staff.id} <> ${me.id}`,
      ),
    )
    .orderBy(asc(staff.name))
}
