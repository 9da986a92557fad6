import 'server-only'
import { and, asc, eq, gt, isNull, or, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Executor } from '@/db/client'
import { getDb } from '@/db/client'
import { patientAccessGrants, patientRestrictionChanges, patients, staff } from '@/db/schema'
import { writeAudit } from '@/lib/audit'
import { requestAddress } from '@/lib/auth'
import { CLINICAL_ROLES, requireRole, type CurrentStaff } from '@/lib/auth/session'
import type { MutationOutcome } from './mutations'
import { patientWriteTransaction, refuseRestricted } from './restricted-refusal'

/** How long a break-glass access lasts. */
export const BREAK_GLASS_MINUTES = 60

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
const activeAccess = and(
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

/** Audits a restriction event under the patient, so the record's History lists it. */
async function auditRestriction(
  tx: Executor,
  me: CurrentStaff,
  action:
    | 'patient.restricted'
    | 'patient.unrestricted'
    | 'patient.access_granted'
    | 'patient.access_revoked'
    | 'record.break_glass',
  patientId: string,
  details: Record<string, unknown>,
) {
  await writeAudit(tx, {
    action,
    entityType: 'patient',
    entityId: patientId,
    actorId: me.id,
    actorEmail: me.email,
    ipAddress: await requestAddress(),
    details,
  })
}

/**
 * What the audit log keeps of a reason: that one was given, not its words. Admins read and export
 * the log; a reason may say why a record is sensitive ("a colleague treated here"), so its text
 * stays with the record (patient_restriction_changes, patient_access_grants).
 */
const reasonGiven = (reason: string) => ({ reasonGiven: true, reasonLength: reason.length })

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

/** Records a restriction or its lifting with its reason; returns the change's id for the audit row. */
async function recordRestrictionChange(
  tx: Executor,
  me: CurrentStaff,
  change: { patientId: string; restricted: boolean; reason: string },
): Promise<string> {
  const [row] = await tx
    .insert(patientRestrictionChanges)
    .values({ ...change, changedById: me.id })
    .returning({ id: patientRestrictionChanges.id })
  return row!.id
}

const noSuchPatient = { ok: false as const, message: 'No such patient.' }
const notRestricted = { ok: false as const, message: 'This record is not restricted.' }

/**
 * Flags a record restricted. Whoever may see the record may flag it; the flagging member keeps
 * access through a standing grant, so they can manage who else may see it.
 */
export async function restrictPatient(
  patientId: string,
  reason: string,
): Promise<MutationOutcome<{ patientId: string }>> {
  const me = await requireRole(...CLINICAL_ROLES)
  const db = await getDb()
  return patientWriteTransaction(db, me, async (tx) => {
    if (!(await lockPatientRow(tx, patientId))) return noSuchPatient
    const access = await recordAccess(tx, me.id, patientId)
    if (access.kind !== 'open') refuseRestricted(patientId, 'manage_access')
    if (access.restricted)
      return { ok: false as const, message: 'This record is already restricted.' }
    await tx
      .update(patients)
      .set({
        restricted: true,
        restrictedReason: reason,
        restrictedAt: sql`now()`,
        restrictedById: me.id,
        updatedAt: sql`now()`,
      })
      .where(eq(patients.id, patientId))
    const [assigned] = await tx
      .select({ id: patients.assignedPhysicianId })
      .from(patients)
      .where(eq(patients.id, patientId))
    if (assigned?.id !== me.id) {
      await tx.insert(patientAccessGrants).values({
        patientId,
        staffId: me.id,
        kind: 'grant',
        reason: 'Flagged the record restricted',
        grantedById: me.id,
      })
    }
    const changeId = await recordRestrictionChange(tx, me, { patientId, restricted: true, reason })
    await auditRestriction(tx, me, 'patient.restricted', patientId, {
      changeId,
      ...reasonGiven(reason),
    })
    return { ok: true as const, data: { patientId } }
  })
}

/**
 * Lifts the restriction and revokes every grant and break-glass access still running: the
 * assigned physician or a member with a standing grant only.
 */
export async function unrestrictPatient(
  patientId: string,
  reason: string,
): Promise<MutationOutcome<{ patientId: string }>> {
  const me = await requireRole(...CLINICAL_ROLES)
  const db = await getDb()
  return patientWriteTransaction(db, me, async (tx) => {
    const access = await lockForManagement(tx, me, patientId)
    if (!access) return noSuchPatient
    if (!access.restricted) return notRestricted
    await tx
      .update(patients)
      .set({
        restricted: false,
        restrictedReason: null,
        restrictedAt: null,
        restrictedById: null,
        updatedAt: sql`now()`,
      })
      .where(eq(patients.id, patientId))
    // Lifting the restriction ends the accesses it gave: a later restriction starts afresh, not
    // with grants nobody reviewed since.
    const revoked = await tx
      .update(patientAccessGrants)
      .set({ revokedAt: sql`now()`, revokedById: me.id })
      .where(and(eq(patientAccessGrants.patientId, patientId), activeAccess))
      .returning({ id: patientAccessGrants.id })
    const changeId = await recordRestrictionChange(tx, me, {
      patientId,
      restricted: false,
      reason,
    })
    await auditRestriction(tx, me, 'patient.unrestricted', patientId, {
      changeId,
      ...reasonGiven(reason),
      revokedGrantIds: revoked.map((row) => row.id),
    })
    return { ok: true as const, data: { patientId } }
  })
}

/**
 * Locks the patient's row for the rest of the transaction (not lockPatient: a member about to
 * break the glass may not see the record yet). False when there is no such patient.
 */
async function lockPatientRow(tx: Executor, patientId: string): Promise<boolean> {
  const [locked] = await tx
    .select({ id: patients.id })
    .from(patients)
    .where(eq(patients.id, patientId))
    .for('update')
  return Boolean(locked)
}

/**
 * Locks the patient and checks that `me` may manage its access: a restricted record's assigned
 * physician or a member with a standing grant (a break-glass access may not extend itself); an
 * unrestricted record has no access to manage, which the caller says. Null when there is no such
 * patient.
 */
async function lockForManagement(tx: Executor, me: CurrentStaff, patientId: string) {
  if (!(await lockPatientRow(tx, patientId))) return null
  const access = await recordAccess(tx, me.id, patientId)
  if (access.kind === 'open' && (!access.restricted || access.mayManage)) return access
  refuseRestricted(patientId, 'manage_access')
}

/** Gives an active clinical member standing access to a restricted record. */
export async function grantAccess(input: {
  patientId: string
  staffId: string
  reason: string
}): Promise<MutationOutcome<{ patientId: string }>> {
  const me = await requireRole(...CLINICAL_ROLES)
  const db = await getDb()
  return patientWriteTransaction(db, me, async (tx) => {
    const access = await lockForManagement(tx, me, input.patientId)
    if (!access) return noSuchPatient
    if (!access.restricted) return notRestricted
    const [member] = await tx
      .select({ id: staff.id, role: staff.role, active: staff.active })
      .from(staff)
      .where(eq(staff.id, input.staffId))
    if (!member?.active || !(CLINICAL_ROLES as readonly string[]).includes(member.role)) {
      return {
        ok: false as const,
        message: 'Please correct the highlighted fields.',
        fieldErrors: { staffId: ['Choose an active coordinator or physician'] },
      }
    }
    const [existing] = await tx
      .select({ id: patientAccessGrants.id })
      .from(patientAccessGrants)
      .where(
        and(
          eq(patientAccessGrants.patientId, input.patientId),
          eq(patientAccessGrants.staffId, input.staffId),
          eq(patientAccessGrants.kind, 'grant'),
          isNull(patientAccessGrants.revokedAt),
        ),
      )
    if (existing) return { ok: true as const, data: { patientId: input.patientId } }
    const [grant] = await tx
      .insert(patientAccessGrants)
      .values({ ...input, kind: 'grant', grantedById: me.id })
      .returning({ id: patientAccessGrants.id })
    await auditRestriction(tx, me, 'patient.access_granted', input.patientId, {
      grantId: grant!.id,
      staffId: input.staffId,
      ...reasonGiven(input.reason),
    })
    return { ok: true as const, data: { patientId: input.patientId } }
  })
}

export const NOTHING_TO_REVOKE_MESSAGE =
  'This access has already ended or been revoked: there is nothing to revoke.'
const nothingToRevoke = { ok: false as const, message: NOTHING_TO_REVOKE_MESSAGE }

/** Revokes a standing grant or cuts a break-glass access short; one that already ended is left. */
export async function revokeAccess(
  grantId: string,
): Promise<MutationOutcome<{ patientId: string }>> {
  const me = await requireRole(...CLINICAL_ROLES)
  const db = await getDb()
  return patientWriteTransaction(db, me, async (tx) => {
    const [grant] = await tx
      .select({ patientId: patientAccessGrants.patientId })
      .from(patientAccessGrants)
      .where(eq(patientAccessGrants.id, grantId))
    if (!grant) return nothingToRevoke
    const access = await lockForManagement(tx, me, grant.patientId)
    if (!access) return noSuchPatient
    if (!access.restricted) return nothingToRevoke
    // Only a running access changes: a second revocation, or one of an access that expired or
    // was revoked with the restriction, changes nothing and audits nothing.
    const [revoked] = await tx
      .update(patientAccessGrants)
      .set({ revokedAt: sql`now()`, revokedById: me.id })
      .where(and(eq(patientAccessGrants.id, grantId), activeAccess))
      .returning({ staffId: patientAccessGrants.staffId })
    if (!revoked) return nothingToRevoke
    await auditRestriction(tx, me, 'patient.access_revoked', grant.patientId, {
      grantId,
      staffId: revoked.staffId,
    })
    return { ok: true as const, data: { patientId: grant.patientId } }
  })
}

/**
 * Opens a restricted record the member may not otherwise see, for BREAK_GLASS_MINUTES, with
 * the reason they gave; an admin reviews it on Access reviews.
 */
export async function breakGlass(
  patientId: string,
  reason: string,
): Promise<MutationOutcome<{ patientId: string }>> {
  const me = await requireRole(...CLINICAL_ROLES)
  const db = await getDb()
  return db.transaction(async (tx) => {
    // Locked like every change of the record's access, so a break-glass and the lifting of the
    // restriction take turns: the lifting revokes it, or it sees the record open.
    if (!(await lockPatientRow(tx, patientId))) return noSuchPatient
    const access = await recordAccess(tx, me.id, patientId)
    if (access.kind === 'missing') return noSuchPatient
    // Already open to them (or the restriction was lifted meanwhile): nothing to break.
    if (access.kind !== 'restricted') return { ok: true as const, data: { patientId } }
    const [grant] = await tx
      .insert(patientAccessGrants)
      .values({
        patientId,
        staffId: me.id,
        kind: 'break_glass',
        reason,
        grantedById: me.id,
        expiresAt: sql`now() + make_interval(mins => ${BREAK_GLASS_MINUTES})`,
      })
      .returning({ id: patientAccessGrants.id })
    await auditRestriction(tx, me, 'record.break_glass', patientId, {
      grantId: grant!.id,
      minutes: BREAK_GLASS_MINUTES,
      ...reasonGiven(reason),
    })
    return { ok: true as const, data: { patientId } }
  })
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
