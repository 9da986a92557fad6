import { and, eq, gt, sql } from 'drizzle-orm'
import type { Database, Transaction as Tx } from '@/db/client'
import { signInThrottle, staff, type StaffRole } from '@/db/schema'
import { writeAudit } from '@/lib/audit'
import { verifyPassword, timingDecoy } from './password'
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
  'unknown_email' | 'wrong_password' | 'locked' | 'inactive' | 'demo_account_refused'

export type CredentialCheck =
  { ok: true; staff: SignedInStaff } | { ok: false; reason: FailureReason | 'throttled' }

interface CredentialInput {
  email: string
  password: string
  clientAddress: string
  demoMode: boolean
}

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
  if (await isAddressBlocked(db, input.clientAddress)) {
    await writeAudit(db, {
      action: 'auth.sign_in_throttled',
      entityType: 'staff',
      actorEmail: email,
      ipAddress: input.clientAddress,
    })
    return { ok: false, reason: 'throttled' }
  }

  const [account] = await db.select().from(staff).where(eq(staff.email, email)).limit(1)
  const passwordMatches = await verifyPassword(
    account?.passwordHash ?? (await timingDecoy()),
    input.password,
  )

  const reason = failureReason(account, passwordMatches, input.demoMode)
  if (!reason && account) {
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
        ipAddress: input.clientAddress,
      })
    })
    const { id, name, role, sessionVersion } = account
    return { ok: true, staff: { id, name, email: account.email, role, sessionVersion } }
  }

  const failure = reason ?? 'wrong_password'
  await db.transaction(async (tx) => {
    await writeAudit(tx, {
      action: 'auth.sign_in_failed',
      entityType: 'staff',
      entityId: account?.id ?? null,
      actorEmail: email,
      ipAddress: input.clientAddress,
      details: { reason: failure },
    })
    if (account && failure === 'wrong_password')
      await countFailureForAccount(tx, account.id, input.clientAddress)
    await countFailureForAddress(tx, input.clientAddress)
  })
  return { ok: false, reason: failure }
}

function failureReason(
  account: typeof staff.$inferSelect | undefined,
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
