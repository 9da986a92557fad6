import 'server-only'
import { and, count, eq, ne, sql } from 'drizzle-orm'
import { getDb, type Transaction } from '@/db/client'
import { staff, type StaffRole } from '@/db/schema'
import { INVALID_FIELDS_MESSAGE } from '@/lib/action-result'
import { writeAudit, type AuditAction } from '@/lib/audit'
import { requestAddress } from '@/lib/auth'
import { clearAllAccountAttempts, hasAddressLocks } from '@/lib/auth/attempts'
import { generatePassword, hashPassword } from '@/lib/auth/password'
import { passwordPolicyError } from '@/lib/auth/password-check'
import { removeTwoFactor } from '@/lib/auth/two-factor'
import { requireRole, type CurrentStaff } from '@/lib/auth/session'
import { ROLE_LABELS } from '@/lib/navigation'
import { insertStaffRow } from './create'
import { staffChangeRefusal, type StaffChange } from './rules'
import type {
  AddStaffInput,
  ChangeRoleInput,
  ResetPasswordInput,
  StaffTargetInput,
} from './schemas'

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

/** A password the policy accepts for `email`, for when the admin leaves the field empty. */
function generateTemporaryPassword(email: string): string {
  for (;;) {
    const password = generatePassword()
    if (passwordPolicyError(password, { email }) === null) return password
  }
}

/**
 * "Add staff member": a login that must choose its own password at first sign-in. Returns the
 * generated temporary password, to be shown once, when the admin did not type one.
 */
export async function addStaffMember(
  input: AddStaffInput,
): Promise<StaffOutcome<{ id: string; temporaryPassword: string | null }>> {
  const me = await requireRole('admin')
  const ipAddress = await requestAddress()
  const generated = input.temporaryPassword ? null : generateTemporaryPassword(input.email)
  const passwordHash = await hashPassword(input.temporaryPassword ?? generated!)
  const db = await getDb()
  return db.transaction(async (tx) => {
    await tx.execute(STAFF_CHANGES_LOCK)
    if (!(await isActiveAdmin(tx, me.id))) return refused(ACTOR_LOST_ADMIN_MESSAGE)
    const row = await insertStaffRow(
      tx,
      {
        email: input.email,
        name: input.name,
        role: input.role,
        passwordHash,
        mustChangePassword: true,
      },
      { id: me.id, email: me.email, ipAddress },
    )
    if (!row) return fieldError('email', 'A staff member with this email already exists')
    return done({ id: row.id, temporaryPassword: generated })
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
    return done(undefined)
  })
}

/**
 * "Reset password": a temporary password (typed, or generated and returned once) that must be
 * changed at the next sign-in. It also clears a lockout, so the member can use it at once.
 */
export async function resetStaffPassword(
  input: ResetPasswordInput,
): Promise<StaffOutcome<{ temporaryPassword: string | null }>> {
  // The policy's email rule needs the account's email: read it first, hash outside the lock.
  await requireRole('admin')
  const db = await getDb()
  const [account] = await db
    .select({ email: staff.email })
    .from(staff)
    .where(eq(staff.id, input.staffId))
  if (!account) return refused(NOT_FOUND_MESSAGE)
  if (input.temporaryPassword !== undefined) {
    const problem = passwordPolicyError(input.temporaryPassword, { email: account.email })
    if (problem) return fieldError('temporaryPassword', problem)
  }
  const generated = input.temporaryPassword ? null : generateTemporaryPassword(account.email)
  const passwordHash = await hashPassword(input.temporaryPassword ?? generated!)

  return changeMember(input.staffId, { kind: 'reset_password' }, async (context) => {
    const { tx, target } = context
    const wasLocked = target.lockedUntil !== null || target.failedLoginCount > 0
    await tx
      .update(staff)
      .set({
        passwordHash,
        mustChangePassword: true,
        failedLoginCount: 0,
        lockedUntil: null,
        ...endSessions,
      })
      .where(eq(staff.id, target.id))
    await clearAllAccountAttempts(tx, target.email)
    await audit(context, 'staff.password_reset', {
      changed: [
        'password',
        'mustChangePassword',
        ...(wasLocked ? ['lockedUntil', 'failedLoginCount'] : []),
      ],
      generated: generated !== null,
    })
    return done({ temporaryPassword: generated })
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

/** "Reactivate": the login works again with its existing password. */
export async function reactivateStaff(input: StaffTargetInput): Promise<StaffOutcome> {
  return changeMember(input.staffId, { kind: 'reactivate' }, async (context) => {
    const { tx, target } = context
    if (target.active) return refused(`${target.name}'s account is already active.`)
    await tx
      .update(staff)
      .set({ active: true, ...endSessions })
      .where(eq(staff.id, target.id))
    await audit(context, 'staff.reactivated', { changed: ['active'] })
    return done(undefined)
  })
}
