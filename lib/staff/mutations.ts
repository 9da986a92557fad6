import 'server-only'
import { and, count, eq, ne, sql } from 'drizzle-orm'
import type { Transaction } from '@/db/client'
import { staff, type StaffRole } from '@/db/schema'
import { fieldError, refused } from '@/lib/action-result'
import { writeAudit, type AuditAction } from '@/lib/audit'
import { clearAllAccountAttempts, hasAddressLocks } from '@/lib/auth/attempts'
import { removeTwoFactor } from '@/lib/auth/two-factor'
import {
  dataAccess,
  defineCommand,
  done,
  type Outcome,
  type WriteContext,
} from '@/lib/commands/pipeline'
import { ROLE_LABELS } from '@/lib/staff/labels'
import { recordClinicalAccessGrant } from './clinical-access-grants'
import { insertStaffRow } from './create'
import {
  issueEnrolmentLink,
  newPasswordColumns,
  unusablePasswordHash,
  voidEnrolmentLinks,
} from './enrolment-links'
import { staffChangeRefusal, type StaffChange } from './rules'
import type { EnrolmentLinkResult } from './types'
import { addStaffSchema, changeRoleSchema, resetPasswordSchema, staffTargetSchema } from './schemas'

// Each change: admins only (the pipeline authorizes before the form is read, re-reading the
// row), in one transaction with its audit row; the staff pages show it afterwards. No admin
// sets or sees a member's password: new logins and resets get a single-use enrolment link.
const ADMIN = ['admin'] as const
const staffPagesChanged = () => [{ path: '/admin/staff', type: 'layout' as const }]
// The link is shown once, in the form's result.
const showLink = ({ enrolmentLink }: EnrolmentLinkResult): EnrolmentLinkResult => ({
  enrolmentLink,
})

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

interface ChangeContext extends WriteContext {
  target: TargetRow
}

/**
 * The frame of every change to an existing member, inside the command's transaction: 1. the
 * lock, 2. the actor re-checked, 3. the target read and locked, 4. the shared rules, 5. the
 * caller's update and audit. A refusal writes nothing.
 */
async function changeMember<T>(
  context: WriteContext,
  staffId: string,
  change: StaffChange,
  apply: (context: ChangeContext) => Promise<Outcome<T>>,
): Promise<Outcome<T>> {
  const { tx, me } = context
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
  return apply({ ...context, target })
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
export const addStaffCommand = defineCommand({
  roles: ADMIN,
  schema: addStaffSchema,
  prepare: unusablePasswordHash,
  async run({ tx, me, ipAddress }, input, passwordHash) {
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
  },
  changed: staffPagesChanged,
  then: {
    message: (input) =>
      `Added ${input.name} (${input.email}). Give them the enrolment link below: they set their own password with it.`,
    shows: showLink,
  },
})

/** "Change role". `currentRole` is the role the admin saw: a change made meanwhile wins. */
export const changeRoleCommand = defineCommand({
  roles: ADMIN,
  schema: changeRoleSchema,
  run: (context, input) =>
    changeMember(context, input.staffId, { kind: 'role', to: input.role }, async (context) => {
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
    }),
  changed: staffPagesChanged,
  then: { message: 'Role changed. Their open sessions have ended.' },
})

/**
 * "Reset password": the old password stops working, older links and every session end, and a
 * new single-use enrolment link (returned once) lets the member set their own. It also clears a
 * lockout, so the member can sign in as soon as they have. A clinical login is listed for
 * physicians.
 */
export const resetPasswordCommand = defineCommand({
  roles: ADMIN,
  schema: resetPasswordSchema,
  prepare: unusablePasswordHash,
  run: (context, input, passwordHash) =>
    changeMember(context, input.staffId, { kind: 'reset_password' }, async (context) => {
      const { tx, target } = context
      const wasLocked = target.lockedUntil !== null || target.failedLoginCount > 0
      await tx.update(staff).set(newPasswordColumns(passwordHash)).where(eq(staff.id, target.id))
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
    }),
  changed: staffPagesChanged,
  then: {
    message:
      'Password reset: the old one no longer works and their open sessions have ended. Give them the enrolment link below to set a new one.',
    shows: showLink,
  },
})

/** "Unlock": clears the account's lock, every per-address lock and the failed sign-in count. */
export const unlockStaffCommand = defineCommand({
  roles: ADMIN,
  schema: staffTargetSchema,
  run: (context, input) =>
    changeMember(context, input.staffId, { kind: 'unlock' }, async (context) => {
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
    }),
  changed: staffPagesChanged,
  then: { message: 'Account unlocked.' },
})

/** "Deactivate": the login stops working and its open sessions end at once. */
export const deactivateStaffCommand = defineCommand({
  roles: ADMIN,
  schema: staffTargetSchema,
  run: (context, input) =>
    changeMember(context, input.staffId, { kind: 'deactivate' }, async (context) => {
      const { tx, target } = context
      if (!target.active) return refused(`${target.name}'s account is already inactive.`)
      await tx
        .update(staff)
        .set({ active: false, ...endSessions })
        .where(eq(staff.id, target.id))
      await audit(context, 'staff.deactivated', { changed: ['active'] })
      return done(undefined)
    }),
  changed: staffPagesChanged,
  then: { message: 'Account deactivated. Its sessions have ended.' },
})

/**
 * "Reset two-factor", for a member who lost their phone and recovery codes: two-factor sign-in
 * is removed (they sign in with their password and may set it up again) and their sessions end.
 */
export const resetStaffTwoFactorCommand = defineCommand({
  roles: ADMIN,
  schema: staffTargetSchema,
  run: (context, input) =>
    changeMember(context, input.staffId, { kind: 'reset_two_factor' }, async (context) => {
      const { tx, target } = context
      const [row] = await tx
        .select({ enabledAt: staff.totpEnabledAt })
        .from(staff)
        .where(eq(staff.id, target.id))
      if (!row?.enabledAt) return refused(`${target.name} has not set up two-factor sign-in.`)
      await removeTwoFactor(tx, target.id, { endSessions: true })
      await audit(context, 'staff.two_factor_reset', { changed: ['two_factor', 'recovery_codes'] })
      return done(undefined)
    }),
  changed: staffPagesChanged,
  then: {
    message: 'Two-factor sign-in removed. Their sessions have ended; they can set it up again.',
  },
})

/** "Reactivate": the login works again with its existing password; a clinical one is listed for physicians. */
export const reactivateStaffCommand = defineCommand({
  roles: ADMIN,
  schema: staffTargetSchema,
  run: (context, input) =>
    changeMember(context, input.staffId, { kind: 'reactivate' }, async (context) => {
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
    }),
  changed: staffPagesChanged,
  then: { message: 'Account reactivated.' },
})

// The data-access layer's calls, as the integration tests make them.
export const addStaffMember = dataAccess(addStaffCommand)
export const changeStaffRole = dataAccess(changeRoleCommand)
export const resetStaffPassword = dataAccess(resetPasswordCommand)
export const unlockStaff = dataAccess(unlockStaffCommand)
export const deactivateStaff = dataAccess(deactivateStaffCommand)
export const resetStaffTwoFactor = dataAccess(resetStaffTwoFactorCommand)
export const reactivateStaff = dataAccess(reactivateStaffCommand)
