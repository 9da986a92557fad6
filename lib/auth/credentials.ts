import crypto from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import type { Database, Executor, Transaction as Tx } from '@/db/client'
import { staff, type StaffRole } from '@/db/schema'
import { writeAudit } from '@/lib/audit'
import {
  clearAccountAttempts,
  lockAfterFailure,
  releaseAccountAttempt,
  releaseAddressAttempt,
  reserveAccountAttempt,
  reserveAddressAttempt,
  type Reservation,
} from './attempts'
import { verifyPassword, timingDecoy } from './password'
import { consumeSecondFactor, type SecondFactorMethod } from './two-factor'
import type { SignInTokenClaims } from './sign-in-tokens'
import { normalizeEmail } from './policy'

export interface SignedInStaff {
  id: string
  name: string
  email: string
  role: StaffRole
  sessionVersion: number
}

export type FailureReason =
  | 'unknown_email'
  | 'wrong_password'
  | 'locked'
  | 'inactive'
  | 'demo_account_refused'
  | 'wrong_code'
  | 'challenge_void'

export type CredentialCheck =
  | { ok: true; staff: SignedInStaff }
  | { ok: false; reason: FailureReason | 'throttled' }
  /** The password was right; the account also needs its second factor. */
  | { ok: false; reason: 'two_factor_required'; challenge: SignInTokenClaims }

interface CredentialInput {
  email: string
  password: string
  clientAddress: string
  demoMode: boolean
}

type StaffRow = typeof staff.$inferSelect

/**
 * The one sign-in check behind every path (form action and Auth.js callback).
 * 1. Reserve a slot for the address, then one for (email, address): without both, nothing is
 *    verified. The reservation is atomic, so a burst of parallel guesses gets no more checks
 *    than a patient guesser.
 * 2. Verify one argon2 hash, against a decoy when the email is unknown, so the answer takes the
 *    same time whether the email exists or not (unknown emails count and lock alike too).
 * 3. A failure keeps its slot (and may lock); a success gives it back and clears the count.
 */
export async function checkCredentials(
  db: Database,
  input: CredentialInput,
): Promise<CredentialCheck> {
  const email = normalizeEmail(input.email)
  const { clientAddress } = input
  const addressSlot = await reserveAddressAttempt(db, clientAddress)
  if (!addressSlot) return throttled(db, email, input)

  const [account] = await db.select().from(staff).where(eq(staff.email, email)).limit(1)
  const accountSlot = isAccountLocked(account)
    ? null
    : await reserveAccountAttempt(db, email, clientAddress)
  if (!accountSlot) return refuse(db, { account, email, clientAddress, reason: 'locked' })

  const passwordMatches = await verifyPassword(
    account?.passwordHash ?? (await timingDecoy()),
    input.password,
  )
  const slots = { address: addressSlot, account: accountSlot }
  const reason = failureReason(account, passwordMatches, input.demoMode)
  if (!reason && account) {
    if (account.totpSecret) {
      // The right password is no failure, but nothing is cleared either: only the code
      // completes the sign-in, so the password cannot wipe the count that wrong codes keep.
      await releaseSlots(db, email, clientAddress, slots)
      const challenge = { staffId: account.id, sessionVersion: account.sessionVersion }
      return { ok: false, reason: 'two_factor_required', challenge }
    }
    return completeSignIn(db, account, clientAddress, addressSlot, { method: 'password' })
  }
  return refuse(db, { account, email, clientAddress, reason: reason ?? 'wrong_password', slots })
}

/**
 * The second step for an account with two-factor sign-in: the challenge from the password step
 * and a code from the authenticator app (or an unused recovery code), each accepted once. Codes
 * reserve slots and count towards the lockout exactly like passwords.
 */
export async function checkSecondFactor(
  db: Database,
  input: { challenge: SignInTokenClaims; code: string; clientAddress: string; demoMode: boolean },
): Promise<CredentialCheck> {
  const { clientAddress } = input
  const [account] = await db
    .select()
    .from(staff)
    .where(eq(staff.id, input.challenge.staffId))
    .limit(1)
  const email = account?.email ?? null
  const addressSlot = await reserveAddressAttempt(db, clientAddress)
  if (!addressSlot) return throttled(db, email, input)
  // A password reset, role change or deactivation since the password step voids the challenge.
  const current =
    account?.totpSecret && account.sessionVersion === input.challenge.sessionVersion
      ? account
      : undefined
  if (!current) {
    const slots = { address: addressSlot, account: null }
    return refuse(db, { account, email, clientAddress, reason: 'challenge_void', slots })
  }
  const accountSlot = isAccountLocked(current)
    ? null
    : await reserveAccountAttempt(db, current.email, clientAddress)
  if (!accountSlot) return refuse(db, { account, email, clientAddress, reason: 'locked' })
  const slots = { address: addressSlot, account: accountSlot }
  const reason = failureReason(current, true, input.demoMode)
  if (reason) return refuse(db, { account, email, clientAddress, reason, slots })

  return db.transaction(async (tx) => {
    const method = await consumeSecondFactor(tx, current, input.code)
    if (method) return completeSignIn(tx, current, clientAddress, addressSlot, { method })
    return refuse(tx, { account: current, email, clientAddress, reason: 'wrong_code', slots })
  })
}

/**
 * Issues the session again for a member whose own change (password, two-factor) just ended all
 * their sessions: only for the exact session version that change produced, and only while the
 * account may sign in.
 */
export async function checkRenewal(
  db: Database,
  claims: SignInTokenClaims,
  demoMode: boolean,
): Promise<CredentialCheck> {
  const [account] = await db.select().from(staff).where(eq(staff.id, claims.staffId)).limit(1)
  if (!account || account.sessionVersion !== claims.sessionVersion)
    return { ok: false, reason: 'challenge_void' }
  if (isAccountLocked(account)) return { ok: false, reason: 'locked' }
  const reason = failureReason(account, true, demoMode)
  if (reason) return { ok: false, reason }
  const { id, name, email, role, sessionVersion } = account
  return { ok: true, staff: { id, name, email, role, sessionVersion } }
}

async function throttled(
  db: Database,
  email: string | null,
  input: { clientAddress: string },
): Promise<CredentialCheck> {
  await writeAudit(db, {
    action: 'auth.sign_in_throttled',
    entityType: 'staff',
    actorEmail: email,
    ipAddress: input.clientAddress,
  })
  return { ok: false, reason: 'throttled' }
}

async function completeSignIn(
  db: Database | Tx,
  account: StaffRow,
  clientAddress: string,
  addressSlot: Reservation,
  details: { method: 'password' | SecondFactorMethod },
): Promise<CredentialCheck> {
  await db.transaction(async (tx) => {
    await tx
      .update(staff)
      .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: sql`now()` })
      .where(eq(staff.id, account.id))
    await clearAccountAttempts(tx, account.email, clientAddress)
    await releaseAddressAttempt(tx, clientAddress, addressSlot)
    await writeAudit(tx, {
      action: 'auth.sign_in',
      entityType: 'staff',
      entityId: account.id,
      actorId: account.id,
      actorEmail: account.email,
      ipAddress: clientAddress,
      details,
    })
  })
  const { id, name, email, role, sessionVersion } = account
  return { ok: true, staff: { id, name, email, role, sessionVersion } }
}

interface Slots {
  address: Reservation
  account: Reservation | null
}

async function releaseSlots(db: Executor, email: string, clientAddress: string, slots: Slots) {
  await releaseAddressAttempt(db, clientAddress, slots.address)
  if (slots.account) await releaseAccountAttempt(db, email, clientAddress, slots.account)
}

// What a failure's slot is kept for: a guess at the secret, right email or not.
const GUESSES: readonly FailureReason[] = ['wrong_password', 'wrong_code', 'unknown_email']

async function refuse(
  db: Database | Tx,
  failure: {
    account: StaffRow | undefined
    email: string | null
    reason: FailureReason
    clientAddress: string
    /** The slots this check reserved; none when it was refused for want of one. */
    slots?: Slots
  },
): Promise<CredentialCheck> {
  const { account, email, reason, clientAddress, slots } = failure
  await db.transaction(async (tx) => {
    await writeAudit(tx, {
      action: 'auth.sign_in_failed',
      entityType: 'staff',
      entityId: account?.id ?? null,
      actorEmail: email,
      ipAddress: clientAddress,
      details: { reason },
    })
    if (!slots) return
    if (email === null || !GUESSES.includes(reason)) {
      await releaseSlots(tx, email ?? '', clientAddress, slots)
      return
    }
    // The same statements for an unknown email (on a random id), so its answer time matches.
    await tx
      .update(staff)
      .set({ failedLoginCount: sql`${staff.failedLoginCount} + 1` })
      .where(eq(staff.id, account?.id ?? crypto.randomUUID()))
    await lockAfterFailure(tx, { email, clientAddress, staffId: account?.id ?? null })
  })
  return { ok: false, reason }
}

/** Locked as a whole (failures from many addresses): no address may try, until it expires. */
function isAccountLocked(account: StaffRow | undefined): boolean {
  return Boolean(account?.lockedUntil && account.lockedUntil.getTime() > Date.now())
}

function failureReason(
  account: StaffRow | undefined,
  passwordMatches: boolean,
  demoMode: boolean,
): FailureReason | null {
  if (!account) return 'unknown_email'
  if (!passwordMatches) return 'wrong_password'
  if (!account.active) return 'inactive'
  if (account.isDemo && !demoMode) return 'demo_account_refused'
  return null
}

/**
 * Sign-out. A JWT cannot be recalled, so the session version moves on: a copy of the cookie
 * dies with the sign-out (and so do the member's other sessions).
 */
export async function endSession(
  db: Database,
  claims: { staffId: string; sessionVersion: number },
  context: { actorEmail: string | null; ipAddress: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx
      .update(staff)
      .set({ sessionVersion: sql`${staff.sessionVersion} + 1` })
      .where(and(eq(staff.id, claims.staffId), eq(staff.sessionVersion, claims.sessionVersion)))
    await writeAudit(tx, {
      action: 'auth.sign_out',
      entityType: 'staff',
      entityId: claims.staffId,
      actorId: claims.staffId,
      ...context,
    })
  })
}

export type OwnPasswordCheck =
  { result: 'right'; passwordHash: string } | { result: 'wrong' } | { result: 'locked' }

/**
 * A signed-in member's current password, asked again before a sensitive change (new password,
 * two-factor off). It reserves a slot like a sign-in, so a borrowed session cannot guess at
 * leisure; the lock that a wrong guess sets also ends the member's sessions, the guessing one
 * included. `onWrong` adds the caller's audit row to the failure's transaction.
 */
export async function checkOwnPassword(
  db: Database,
  member: { id: string; email: string },
  clientAddress: string,
  password: string,
  onWrong?: (tx: Tx) => Promise<void>,
): Promise<OwnPasswordCheck> {
  const slot = await reserveAccountAttempt(db, member.email, clientAddress)
  if (!slot) return { result: 'locked' }
  const [row] = await db
    .select({ passwordHash: staff.passwordHash })
    .from(staff)
    .where(eq(staff.id, member.id))
  if (row && (await verifyPassword(row.passwordHash, password))) {
    await releaseAccountAttempt(db, member.email, clientAddress, slot)
    return { result: 'right', passwordHash: row.passwordHash }
  }
  await countOwnFailure(db, member, clientAddress, onWrong)
  return { result: 'wrong' }
}

export type OwnCodeCheck<T> =
  { result: 'right'; value: T } | { result: 'wrong' } | { result: 'locked' }

/**
 * A signed-in member's second factor, asked again before a sensitive change (new recovery codes,
 * two-factor off). Like the current password, a slot is reserved before the code is checked and
 * a wrong code keeps it, so parallel or patient guessing gets no more checks than a sign-in.
 * `attempt` checks the code and makes the change in one transaction; null means a wrong code
 * (and it wrote nothing).
 */
export async function checkOwnSecondFactor<T>(
  db: Database,
  member: { id: string; email: string },
  clientAddress: string,
  attempt: (tx: Tx) => Promise<T | null>,
): Promise<OwnCodeCheck<T>> {
  const slot = await reserveAccountAttempt(db, member.email, clientAddress)
  if (!slot) return { result: 'locked' }
  const value = await db.transaction(async (tx) => {
    const done = await attempt(tx)
    if (done !== null) await releaseAccountAttempt(tx, member.email, clientAddress, slot)
    return done
  })
  if (value !== null) return { result: 'right', value }
  await countOwnFailure(db, member, clientAddress)
  return { result: 'wrong' }
}

/**
 * A wrong password or code of a signed-in member (its slot kept): counted towards the lockout,
 * and the lock it may set also ends the member's sessions, the guessing one included.
 */
async function countOwnFailure(
  db: Database,
  member: { id: string; email: string },
  clientAddress: string,
  onWrong?: (tx: Tx) => Promise<void>,
) {
  await db.transaction(async (tx) => {
    await onWrong?.(tx)
    await tx
      .update(staff)
      .set({ failedLoginCount: sql`${staff.failedLoginCount} + 1` })
      .where(eq(staff.id, member.id))
    const locks = await lockAfterFailure(tx, {
      email: member.email,
      clientAddress,
      staffId: member.id,
    })
    if (locks.length > 0) {
      await tx
        .update(staff)
        .set({ sessionVersion: sql`${staff.sessionVersion} + 1` })
        .where(eq(staff.id, member.id))
    }
  })
}
