import 'server-only'
import { and, count, eq, ne, sql } from 'drizzle-orm'
import { getDb, type Transaction } from '@/db/client'
import { staff, type StaffRole } from '@/db/schema'
import { INVALID_FIELDS_MESSAGE } from '@/lib/action-result'
import { writeAudit, type AuditAction } from '@/lib/audit'
import { requestAddress } from '@/lib/auth'
import { clearAllAccountAttempts, hasAddressLocks } from '@/lib/auth/attempts'
import { removeTwoFactor } from '@/lib/auth/two-factor'
import { requireRole, type CurrentStaff } from '@/lib/auth/session'
import { ROLE_LABELS } from '@/lib/staff/labels'
import { recordClinicalAccessGrant } from './clinical-access-grants'
import { insertStaffRow } from './create'
import { issueEnrolmentLink, unusablePasswordHash, voidEnrolmentLinks } from './enrolment-links'
import { staffChangeRefusal, type StaffChange } from './rules'
import type { AddStaffInput, ChangeRoleInput, StaffTargetInput } from './schemas'

export type StaffOutcome<T = undefined> =
  { ok: true; data: T } | { ok: false; message: string; fieldErrors?: Record<string, string[]> }

const fieldError = (field: string, message: string) => ({
  ok: false as const,
  message: INVALID_FIELDS_MESSAGE,
  fieldErrors: { [field]: [message] },
})
const refused = (message: string) => ({ ok: false as const, message })
const done = <T>(data: T) => ({ ok: true as const, data })

export const NOT_FOUND_MESSAGE = 'That staff member no longer exists.'
export const ACTOR_LOST_ADMIN_MESSAGE =
  'Your account is no longer an active admin: the change was not made.'

// Every admin change to staff takes this transaction-scoped lock first, so two admins acting at
// once are serialized: the last-admin count and the actor's own standing cannot change under a
// check (two admins deactivating each other at the same moment leave one, not zero).
const STAFF_CHANGES_LOCK = sql`select pg_advisory_xact_lock(7201001)`

interface TargetRow {
  id: string
  name: string
  email: string
  role: StaffRole
  active: boolean
  lockedUntil: Date | null
  failedLoginCount: number
}

interface ChangeContext {
  tx: Transaction
  me: CurrentStaff
  ipAddress: string
  target: TargetRow
}

/**
 * The frame of every change to an existing member: 1. authorize (the row is re-read, not the
 * token), 2. one transaction under the lock, 3. the actor re-checked inside it, 4. the target
 * read and locked, 5. the shared rules, 6. the caller's update and audit. A refusal writes
 * nothing.
 */
async function changeMember<T>(
  staffId: string,
  change: StaffChange,
  apply: (context: ChangeContext) => Promise<StaffOutcome<T>>,
): Promise<StaffOutcome<T>> {
  const me = await requireRole('admin')
  const ipAddress = await requestAddress()
  const db = await getDb()
  return db.transaction(async (tx) => {
    await tx.execute(STAFF_CHANGES_LOCK)
    if (!(await isActiveAdmin(tx, me.id))) return refused(ACTOR_LOST_ADMIN_MESSAGE)
    const [target] = await tx
      .select({
        id: staff.id,
        name: staff.name,
        email: staff.email,
        role: staff.role,
        active: staff.active,
        lockedUntil: staff.lockedUntil,
        failedLoginCount: staff.failedLoginCount,
      })
      .from(staff)
      .where(eq(staff.id, staffId))
      .for('update')
    if (!target) return refused(NOT_FOUND_MESSAGE)
    const [others] = await tx
      .select({ n: count() })
      .from(staff)
      .where(and(eq(staff.role, 'admin'), eq(staff.active, true), ne(staff.id, staffId)))
    const refusal = staffChangeRefusal(change, target, me.id, others?.n ?? 0)
    if (refusal) return refused(refusal)
    return apply({ tx, me, ipAddress, target })
  })
}

async function isActiveAdmin(tx: Transaction, staffId: string): Promise<boolean> {
  const [row] = await tx
    .select({ role: staff.role, active: staff.active })
    .from(staff)
    .where(eq(staff.id, staffId))
  return row?.role === 'admin' && row.active
}

/** Bumping the session version ends every open session of the member at its next request. */
const endSessions = { sessionVersion: sql`${staff.sessionVersion} + 1`, updatedAt: sql`now()` }

async function audit(
  context: ChangeContext,
  action: AuditAction,
  details: Record<string, unknown> & { changed: string[] },
) {
  await writeAudit(context.tx, {
    action,
    entityType: 'staff',
    entityId: context.target.id,
    actorId: context.me.id,
    actorEmail: context.me.email,
    ipAddress: context.ipAddress,
    details: { email: context.target.email, ...details },
  })
}

/**
 * "Add staff member": the login, and a single-use enrolment link (returned once, to be handed to
 * the member) with which they set their own password: no admin ever knows it. Until then the
 * account's password is one nobody knows. A clinical login is listed for physicians.
 */
export async function addStaffMember(
  input: AddStaffInput,
): Promise<StaffOutcome<{ id: string; enrolmentLink: string }>> {
  const me = await requireRole('admin')
  const ipAddress = await requestAddress()
  const passwordHash = await unusablePasswordHash()
  const db = await getDb()
  return db.transaction(async (tx) => {
    await tx.execute(STAFF_CHANGES_LOCK)
    if (!(await isActiveAdmin(tx, me.id))) return refused(ACTOR_LOST_ADMIN_MESSAGE)
    const actor = { id: me.id, email: me.email, ipAddress }
    const row = await insertStaffRow(
      tx,
      {
        email: input.email,
        name: input.name,
        role: input.role,
        passwordHash,
        mustChangePassword: false,
      },
      actor,
    )
    if (!row) return fieldError('email', 'A staff member with this email already exists')
    const enrolmentLink = await issueEnrolmentLink(tx, { id: row.id, email: input.email }, actor)
    return done({ id: row.id, enrolmentLink })
  })
}

/** "Change role". `currentRole` is the role the admin saw: a change made meanwhile wins. */
export async function changeStaffRole(input: ChangeRoleInput): Promise<StaffOutcome> {
  return changeMember(input.staffId, { kind: 'role', to: input.role }, async (context) => {
    const { tx, target } = context
    if (target.role !== input.currentRole) {
      return refused(
        `Someone else changed ${target.name}'s role meanwhile: it is now ${ROLE_LABELS[target.role]}. Check and try again.`,
      )
    }
    if (input.role === target.role) {
      return fieldError('role', `${target.name} already has the ${ROLE_LABELS[target.role]} role`)
    }
    await tx
      .update(staff)
      .set({ role: input.role, ...endSessions })
      .where(eq(staff.id, target.id))
    await audit(context, 'staff.role_changed', {
      changed: ['role'],
      fromRole: target.role,
      toRole: input.role,
    })
    await recordClinicalAccessGrant(
      tx,
      { staffId: target.id, kind: 'role_changed', role: input.role, fromRole: target.role },
      { id: context.me.id, email: context.me.email },
    )
    return done(undefined)
  })
}

/**
 * "Reset password": the old password stops working, older links and every session end, and a
 * new single-use enrolment link (returned once) lets the member set their own. It also clears a
 * lockout, so the member can sign in as soon as they have. A clinical login is listed for
 * physicians.
 */
export async function resetStaffPassword(
  input: StaffTargetInput,
): Promise<StaffOutcome<{ enrolmentLink: string }>> {
  await requireRole('admin')
  const passwordHash = await unusablePasswordHash()
  return changeMember(input.staffId, { kind: 'reset_password' }, async (context) => {
    const { tx, target } = context
    const wasLocked = target.lockedUntil !== null || target.failedLoginCount > 0
    await tx
      .update(staff)
      .set({
        passwordHash,
        mustChangePassword: false,
        failedLoginCount: 0,
        lockedUntil: null,
        ...endSessions,
      })
      .where(eq(staff.id, target.id))
    await clearAllAccountAttempts(tx, target.email)
    await voidEnrolmentLinks(tx, target.id)
    await audit(context, 'staff.password_reset', {
      changed: ['password', ...(wasLocked ? ['lockedUntil', 'failedLoginCount'] : [])],
    })
    const actor = { id: context.me.id, email: context.me.email, ipAddress: context.ipAddress }
    const enrolmentLink = await issueEnrolmentLink(tx, target, actor)
    // Whoever holds the new link can read patient data: physicians see it, as for a new login.
    await recordClinicalAccessGrant(
      tx,
      { staffId: target.id, kind: 'password_reset', role: target.role, fromRole: null },
      actor,
    )
    return done({ enrolmentLink })
  })
}

/** "Unlock": clears the account's lock, every per-address lock and the failed sign-in count. */
export async function unlockStaff(input: StaffTargetInput): Promise<StaffOutcome> {
  return changeMember(input.staffId, { kind: 'unlock' }, async (context) => {
    const { tx, target } = context
    const addressLocked = await hasAddressLocks(tx, target.email)
    if (target.lockedUntil === null && target.failedLoginCount === 0 && !addressLocked) {
      return refused(`${target.name}'s account is not locked.`)
    }
    await tx
      .update(staff)
      .set({ failedLoginCount: 0, lockedUntil: null, ...endSessions })
      .where(eq(staff.id, target.id))
    // Both kinds of lock: the account's, and every address's locked out of it.
    await clearAllAccountAttempts(tx, target.email)
    await audit(context, 'staff.unlocked', { changed: ['lockedUntil', 'failedLoginCount'] })
    return done(undefined)
  })
}

/** "Deactivate": the login stops working and its open sessions end at once. */
export async function deactivateStaff(input: StaffTargetInput): Promise<StaffOutcome> {
  return changeMember(input.staffId, { kind: 'deactivate' }, async (context) => {
    const { tx, target } = context
    if (!target.active) return refused(`${target.name}'s account is already inactive.`)
    await tx
      .update(staff)
      .set({ active: false, ...endSessions })
      .where(eq(staff.id, target.id))
    await audit(context, 'staff.deactivated', { changed: ['active'] })
    return done(undefined)
  })
}

/**
 * "Reset two-factor", for a member who lost their phone and recovery codes: two-factor sign-in
 * is removed (they sign in with their password and may set it up again) and their sessions end.
 */
export async function resetStaffTwoFactor(input: StaffTargetInput): Promise<StaffOutcome> {
  return changeMember(input.staffId, { kind: 'reset_two_factor' }, async (context) => {
    const { tx, target } = context
    const [row] = await tx
      .select({ enabledAt: staff.totpEnabledAt })
      .from(staff)
      .where(eq(staff.id, target.id))
    if (!row?.enabledAt) return refused(`${target.name} has not set up two-factor sign-in.`)
    await removeTwoFactor(tx, target.id, { endSessions: true })
    await audit(context, 'staff.two_factor_reset', { changed: ['two_factor', 'recovery_codes'] })
    return done(undefined)
  })
}

/** "Reactivate": the login works again with its existing password; a clinical one is listed for physicians. */
export async function reactivateStaff(input: StaffTargetInput): Promise<StaffOutcome> {
  return changeMember(input.staffId, { kind: 'reactivate' }, async (context) => {
    const { tx, target } = context
    if (target.active) return refused(`${target.name}'s account is already active.`)
    await tx
      .update(staff)
      .set({ active: true, ...endSessions })
      .where(eq(staff.id, target.id))
    await audit(context, 'staff.reactivated', { changed: ['active'] })
    // A dormant clinical login reading patient data again is new access, as a new login is.
    await recordClinicalAccessGrant(
      tx,
      { staffId: target.id, kind: 'reactivated', role: target.role, fromRole: null },
      { id: context.me.id, email: context.me.email },
    )
    return done(undefined)
  })
}
