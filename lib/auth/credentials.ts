import crypto from 'node:crypto'
import { and, eq, gt, sql } from 'drizzle-orm'
import type { Database, Transaction as Tx } from '@/db/client'
import { signInThrottle, staff, type StaffRole } from '@/db/schema'
import { writeAudit } from '@/lib/audit'
import { verifyPassword, timingDecoy } from './password'
import { consumeSecondFactor, type SecondFactorMethod } from './two-factor'
import type { SignInTokenClaims } from './sign-in-tokens'
import {
  ADDRESS_BLOCK_MINUTES,
  ADDRESS_WINDOW_MINUTES,
  LOCKOUT_MINUTES,
  MAX_FAILED_SIGN_INS,
  MAX_FAILURES_PER_ADDRESS,
  normalizeEmail,
} from './policy'

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
 * The one sign-in check behind every path (form action and Auth.js callback). It always
 * verifies one argon2 hash, against a decoy when the email is unknown, so the answer takes
 * the same time whether the email exists or not.
 */
export async function checkCredentials(
  db: Database,
  input: CredentialInput,
): Promise<CredentialCheck> {
  const email = normalizeEmail(input.email)
  if (await isAddressBlocked(db, input.clientAddress)) return throttled(db, email, input)

  const [account] = await db.select().from(staff).where(eq(staff.email, email)).limit(1)
  const passwordMatches = await verifyPassword(
    account?.passwordHash ?? (await timingDecoy()),
    input.password,
  )

  const reason = failureReason(account, passwordMatches, input.demoMode)
  if (!reason && account) {
    // Nothing is reset yet: only the code completes the sign-in, so the password cannot be used
    // to clear the failures that wrong codes count.
    if (account.totpSecret) {
      const challenge = { staffId: account.id, sessionVersion: account.sessionVersion }
      return { ok: false, reason: 'two_factor_required', challenge }
    }
    return completeSignIn(db, account, input.clientAddress, { method: 'password' })
  }
  return refuse(db, { ...input, account, email, reason: reason ?? 'wrong_password' })
}

/**
 * The second step for an account with two-factor sign-in: the challenge from the password step
 * and a code from the authenticator app (or an unused recovery code), each accepted once. Wrong
 * codes count towards the account's lockout like wrong passwords.
 */
export async function checkSecondFactor(
  db: Database,
  input: { challenge: SignInTokenClaims; code: string; clientAddress: string; demoMode: boolean },
): Promise<CredentialCheck> {
  const [account] = await db
    .select()
    .from(staff)
    .where(eq(staff.id, input.challenge.staffId))
    .limit(1)
  const email = account?.email ?? null
  if (await isAddressBlocked(db, input.clientAddress)) return throttled(db, email, input)
  // A password reset, role change or deactivation since the password step voids the challenge.
  const current =
    account?.totpSecret && account.sessionVersion === input.challenge.sessionVersion
      ? account
      : undefined
  const reason = current ? failureReason(current, true, input.demoMode) : 'challenge_void'
  if (reason || !current)
    return refuse(db, { ...input, account, email, reason: reason ?? 'challenge_void' })

  return db.transaction(async (tx) => {
    const method = await consumeSecondFactor(tx, current, input.code)
    if (method) return completeSignIn(tx, current, input.clientAddress, { method })
    return refuse(tx, { ...input, account: current, email, reason: 'wrong_code' })
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
  details: { method: 'password' | SecondFactorMethod },
): Promise<CredentialCheck> {
  await db.transaction(async (tx) => {
    await tx
      .update(staff)
      .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: sql`now()` })
      .where(eq(staff.id, account.id))
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

async function refuse(
  db: Database | Tx,
  failure: {
    account: StaffRow | undefined
    email: string | null
    reason: FailureReason
    clientAddress: string
  },
): Promise<CredentialCheck> {
  const { account, reason, clientAddress } = failure
  await db.transaction(async (tx) => {
    await writeAudit(tx, {
      action: 'auth.sign_in_failed',
      entityType: 'staff',
      entityId: account?.id ?? null,
      actorEmail: failure.email,
      ipAddress: clientAddress,
      details: { reason },
    })
    // Every refusal runs the same statements, on a random id when no account should count it,
    // so an unknown email is not told apart from a wrong password by its answer time.
    const counts = account && (reason === 'wrong_password' || reason === 'wrong_code')
    await countFailureForAccount(tx, counts ? account.id : crypto.randomUUID(), clientAddress)
    await countFailureForAddress(tx, clientAddress)
  })
  return { ok: false, reason }
}

function failureReason(
  account: StaffRow | undefined,
  passwordMatches: boolean,
  demoMode: boolean,
): FailureReason | null {
  if (!account) return 'unknown_email'
  // A locked account refuses even the right password until the lock expires.
  if (account.lockedUntil && account.lockedUntil.getTime() > Date.now()) return 'locked'
  if (!passwordMatches) return 'wrong_password'
  if (!account.active) return 'inactive'
  if (account.isDemo && !demoMode) return 'demo_account_refused'
  return null
}

/**
 * Counts a wrong password against the account (sign-in, or the current password when changing
 * it) and locks it at the limit. One statement, so concurrent failures cannot both read the same
 * count.
 */
export async function countFailureForAccount(tx: Tx, staffId: string, clientAddress: string) {
  const [row] = await tx
    .update(staff)
    .set({
      failedLoginCount: sql`case when ${staff.failedLoginCount} + 1 >= ${MAX_FAILED_SIGN_INS} then 0 else ${staff.failedLoginCount} + 1 end`,
      lockedUntil: sql`case when ${staff.failedLoginCount} + 1 >= ${MAX_FAILED_SIGN_INS} then now() + make_interval(mins => ${LOCKOUT_MINUTES}) else ${staff.lockedUntil} end`,
    })
    .where(eq(staff.id, staffId))
    .returning({
      email: staff.email,
      lockedUntil: staff.lockedUntil,
      failedLoginCount: staff.failedLoginCount,
    })
  if (row?.lockedUntil && row.failedLoginCount === 0 && row.lockedUntil.getTime() > Date.now()) {
    await writeAudit(tx, {
      action: 'auth.lockout',
      entityType: 'staff',
      entityId: staffId,
      actorEmail: row.email,
      ipAddress: clientAddress,
      details: { lockedUntil: row.lockedUntil.toISOString(), failures: MAX_FAILED_SIGN_INS },
    })
  }
}

async function countFailureForAddress(tx: Tx, clientAddress: string) {
  const windowExpired = sql`${signInThrottle.windowStartedAt} < now() - make_interval(mins => ${ADDRESS_WINDOW_MINUTES})`
  const failures = sql`case when ${windowExpired} then 1 else ${signInThrottle.failures} + 1 end`
  await tx
    .insert(signInThrottle)
    .values({ clientAddress, failures: 1 })
    .onConflictDoUpdate({
      target: signInThrottle.clientAddress,
      set: {
        failures,
        windowStartedAt: sql`case when ${windowExpired} then now() else ${signInThrottle.windowStartedAt} end`,
        blockedUntil: sql`case when ${failures} >= ${MAX_FAILURES_PER_ADDRESS} then now() + make_interval(mins => ${ADDRESS_BLOCK_MINUTES}) else ${signInThrottle.blockedUntil} end`,
      },
    })
}

async function isAddressBlocked(db: Database, clientAddress: string): Promise<boolean> {
  const [row] = await db
    .select({ blockedUntil: signInThrottle.blockedUntil })
    .from(signInThrottle)
    .where(
      and(
        eq(signInThrottle.clientAddress, clientAddress),
        gt(signInThrottle.blockedUntil, sql`now()`),
      ),
    )
    .limit(1)
  return Boolean(row)
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
