import 'server-only'
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Executor } from '@/db/client'
import { patientAccessGrants, patientRestrictionChanges, patients, staff } from '@/db/schema'
import { fieldError, refused } from '@/lib/action-result'
import { CLINICAL_ROLES } from '@/lib/auth/session'
import { auditPatientChange, patientRecordChanged } from '@/lib/commands/patient'
import {
  dataAccess,
  defineCommand,
  done,
  perform,
  type WriteContext,
} from '@/lib/commands/pipeline'
import { refuseRestricted } from '@/lib/commands/restricted-refusal'
import { activeAccess, recordAccess } from './restricted-access'
import {
  breakGlassSchema,
  grantAccessSchema,
  restrictRecordSchema,
  revokeAccessSchema,
} from './restricted-schema'

// The changes of a restricted record's access, each a command: restrict, lift, grant, revoke,
// break the glass.

/** How long a break-glass access lasts. */
export const BREAK_GLASS_MINUTES = 60

/** Audits a restriction event under the patient, so the record's History lists it. */
function auditRestriction(
  { tx, me, ipAddress }: WriteContext,
  action:
    | 'patient.restricted'
    | 'patient.unrestricted'
    | 'patient.access_granted'
    | 'patient.access_revoked'
    | 'record.break_glass',
  patientId: string,
  details: Record<string, unknown>,
) {
  return auditPatientChange(tx, { action, patientId, actor: me, ipAddress, details })
}

/**
 * What the audit log keeps of a reason: that one was given, not its words. Admins read and export
 * the log; a reason may say why a record is sensitive ("a colleague treated here"), so its text
 * stays with the record (patient_restriction_changes, patient_access_grants).
 */
const reasonGiven = (reason: string) => ({ reasonGiven: true, reasonLength: reason.length })

/** Records a restriction or its lifting with its reason; returns the change's id for the audit row. */
async function recordRestrictionChange(
  { tx, me }: WriteContext,
  change: { patientId: string; restricted: boolean; reason: string },
): Promise<string> {
  const [row] = await tx
    .insert(patientRestrictionChanges)
    .values({ ...change, changedById: me.id })
    .returning({ id: patientRestrictionChanges.id })
  return row!.id
}

const noSuchPatient = refused('No such patient.')
const notRestricted = refused('This record is not restricted.')

/**
 * Flags a record restricted. Whoever may see the record may flag it; the flagging member keeps
 * access through a standing grant, so they can manage who else may see it.
 */
export const restrictRecordCommand = defineCommand({
  roles: CLINICAL_ROLES,
  schema: restrictRecordSchema,
  async run(context, { patientId, reason }) {
    const { tx, me } = context
    if (!(await lockPatientRow(tx, patientId))) return noSuchPatient
    const access = await recordAccess(tx, me.id, patientId)
    if (access.kind !== 'open') refuseRestricted(patientId, 'manage_access')
    if (access.restricted) return refused('This record is already restricted.')
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
    const changeId = await recordRestrictionChange(context, { patientId, restricted: true, reason })
    await auditRestriction(context, 'patient.restricted', patientId, {
      changeId,
      ...reasonGiven(reason),
    })
    return done({ patientId })
  },
  changed: patientRecordChanged,
  then: { message: 'Record restricted.' },
})

/**
 * Lifts the restriction and revokes every grant and break-glass access still running: the
 * assigned physician or a member with a standing grant only.
 */
export const unrestrictRecordCommand = defineCommand({
  roles: CLINICAL_ROLES,
  schema: restrictRecordSchema,
  async run(context, { patientId, reason }) {
    const { tx, me } = context
    const access = await lockForManagement(context, patientId)
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
    const changeId = await recordRestrictionChange(context, {
      patientId,
      restricted: false,
      reason,
    })
    await auditRestriction(context, 'patient.unrestricted', patientId, {
      changeId,
      ...reasonGiven(reason),
      revokedGrantIds: revoked.map((row) => row.id),
    })
    return done({ patientId })
  },
  changed: patientRecordChanged,
  then: { message: 'Restriction lifted.' },
})

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
async function lockForManagement({ tx, me }: WriteContext, patientId: string) {
  if (!(await lockPatientRow(tx, patientId))) return null
  const access = await recordAccess(tx, me.id, patientId)
  if (access.kind === 'open' && (!access.restricted || access.mayManage)) return access
  refuseRestricted(patientId, 'manage_access')
}

/** Gives an active clinical member standing access to a restricted record. */
export const grantAccessCommand = defineCommand({
  roles: CLINICAL_ROLES,
  schema: grantAccessSchema,
  async run(context, input) {
    const { tx, me } = context
    const access = await lockForManagement(context, input.patientId)
    if (!access) return noSuchPatient
    if (!access.restricted) return notRestricted
    const [member] = await tx
      .select({ id: staff.id, role: staff.role, active: staff.active })
      .from(staff)
      .where(eq(staff.id, input.staffId))
    if (!member?.active || !(CLINICAL_ROLES as readonly string[]).includes(member.role)) {
      return fieldError('staffId', 'Choose an active coordinator or physician')
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
    if (existing) return done({ patientId: input.patientId })
    const [grant] = await tx
      .insert(patientAccessGrants)
      .values({ ...input, kind: 'grant', grantedById: me.id })
      .returning({ id: patientAccessGrants.id })
    await auditRestriction(context, 'patient.access_granted', input.patientId, {
      grantId: grant!.id,
      staffId: input.staffId,
      ...reasonGiven(input.reason),
    })
    return done({ patientId: input.patientId })
  },
  changed: patientRecordChanged,
  then: { message: 'Access granted.' },
})

export const NOTHING_TO_REVOKE_MESSAGE =
  'This access has already ended or been revoked: there is nothing to revoke.'
const nothingToRevoke = refused(NOTHING_TO_REVOKE_MESSAGE)

/** Revokes a standing grant or cuts a break-glass access short; one that already ended is left. */
export const revokeAccessCommand = defineCommand({
  roles: CLINICAL_ROLES,
  schema: revokeAccessSchema,
  async run(context, { grantId }) {
    const { tx, me } = context
    const [grant] = await tx
      .select({ patientId: patientAccessGrants.patientId })
      .from(patientAccessGrants)
      .where(eq(patientAccessGrants.id, grantId))
    if (!grant) return nothingToRevoke
    const access = await lockForManagement(context, grant.patientId)
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
    await auditRestriction(context, 'patient.access_revoked', grant.patientId, {
      grantId,
      staffId: revoked.staffId,
    })
    return done({ patientId: grant.patientId })
  },
  changed: patientRecordChanged,
  then: { message: 'Access revoked.' },
})

/**
 * Opens a restricted record the member may not otherwise see, for BREAK_GLASS_MINUTES, with
 * the reason they gave; an admin reviews it on Access reviews.
 */
export const breakGlassCommand = defineCommand({
  roles: CLINICAL_ROLES,
  schema: breakGlassSchema,
  async run(context, { patientId, reason }) {
    const { tx, me } = context
    // Locked like every change of the record's access, so a break-glass and the lifting of the
    // restriction take turns: the lifting revokes it, or it sees the record open.
    if (!(await lockPatientRow(tx, patientId))) return noSuchPatient
    const access = await recordAccess(tx, me.id, patientId)
    if (access.kind === 'missing') return noSuchPatient
    // Already open to them (or the restriction was lifted meanwhile): nothing to break.
    if (access.kind !== 'restricted') return done({ patientId })
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
    await auditRestriction(context, 'record.break_glass', patientId, {
      grantId: grant!.id,
      minutes: BREAK_GLASS_MINUTES,
      ...reasonGiven(reason),
    })
    return done({ patientId })
  },
  // The record opens (it shows the access; nothing else changed).
  then: { redirect: ({ patientId }) => `/candidates/${patientId}` },
})

// The data-access layer's calls, as the integration tests make them.
export const restrictPatient = (patientId: string, reason: string) =>
  perform(restrictRecordCommand, { patientId, reason })
export const unrestrictPatient = (patientId: string, reason: string) =>
  perform(unrestrictRecordCommand, { patientId, reason })
export const grantAccess = dataAccess(grantAccessCommand)
export const revokeAccess = (grantId: string) => perform(revokeAccessCommand, { grantId })
export const breakGlass = (patientId: string, reason: string) =>
  perform(breakGlassCommand, { patientId, reason })
