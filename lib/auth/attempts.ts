import { and, eq, gt, sql, type SQL } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { Executor } from '@/db/client'
import { signInAttempts, signInThrottle, staff } from '@/db/schema'
import { writeAudit } from '@/lib/audit'
import {
  ACCOUNT_LOCK_ADDRESSES,
  ADDRESS_WINDOW_MINUTES,
  ATTEMPT_WINDOW_MINUTES,
  LOCKOUT_MINUTES,
  MAX_FAILED_SIGN_INS,
  MAX_FAILURES_PER_ADDRESS,
} from './policy'

// Every password (or code) check first reserves a slot: a timestamp appended to the address's
// list and to the (email, address) list, by one INSERT … ON CONFLICT DO UPDATE … WHERE that
// holds the row lock while it counts. However many requests arrive at once, no more than the
// limit get a slot, so no more than the limit are verified. A failure keeps its slot; a success
// gives it back.

/** Its timestamp, as text (microseconds intact) so the exact entry can be given back. */
export type Reservation = string

function recent(column: PgColumn, minutes: number): SQL {
  return sql`array(select attempt from unnest(${column}) as attempt where attempt > now() - make_interval(mins => ${minutes}))`
}

/** A slot in the address's window, or null when the address has used them all (throttled). */
export async function reserveAddressAttempt(
  db: Executor,
  clientAddress: string,
): Promise<Reservation | null> {
  const kept = recent(signInThrottle.attemptedAt, ADDRESS_WINDOW_MINUTES)
  const [row] = await db
    .insert(signInThrottle)
    .values({ clientAddress, attemptedAt: sql`array[now()]` })
    .onConflictDoUpdate({
      target: signInThrottle.clientAddress,
      set: { attemptedAt: sql`${kept} || now()` },
      setWhere: sql`cardinality(${kept}) < ${MAX_FAILURES_PER_ADDRESS}`,
    })
    .returning({ stamp: sql<string>`now()::text` })
  return row?.stamp ?? null
}

/**
 * A slot for this email from this address, or null while that address is locked out of it (the
 * limit reached in the window, or a lock not yet expired).
 */
export async function reserveAccountAttempt(
  db: Executor,
  email: string,
  clientAddress: string,
): Promise<Reservation | null> {
  const kept = recent(signInAttempts.attemptedAt, ATTEMPT_WINDOW_MINUTES)
  const [row] = await db
    .insert(signInAttempts)
    .values({ email, clientAddress, attemptedAt: sql`array[now()]` })
    .onConflictDoUpdate({
      target: [signInAttempts.email, signInAttempts.clientAddress],
      set: { attemptedAt: sql`${kept} || now()` },
      setWhere: sql`cardinality(${kept}) < ${MAX_FAILED_SIGN_INS} and (${signInAttempts.lockedUntil} is null or ${signInAttempts.lockedUntil} <= now())`,
    })
    .returning({ stamp: sql<string>`now()::text` })
  return row?.stamp ?? null
}

/** Gives a slot back: the check it reserved was not a failure. */
export async function releaseAddressAttempt(
  db: Executor,
  clientAddress: string,
  stamp: Reservation,
) {
  await db
    .update(signInThrottle)
    .set({ attemptedAt: sql`array_remove(${signInThrottle.attemptedAt}, ${stamp}::timestamptz)` })
    .where(eq(signInThrottle.clientAddress, clientAddress))
}

export async function releaseAccountAttempt(
  db: Executor,
  email: string,
  clientAddress: string,
  stamp: Reservation,
) {
  await db
    .update(signInAttempts)
    .set({ attemptedAt: sql`array_remove(${signInAttempts.attemptedAt}, ${stamp}::timestamptz)` })
    .where(and(eq(signInAttempts.email, email), eq(signInAttempts.clientAddress, clientAddress)))
}

/** A success clears that address's count for the account (other addresses keep theirs). */
export async function clearAccountAttempts(db: Executor, email: string, clientAddress: string) {
  await db
    .delete(signInAttempts)
    .where(and(eq(signInAttempts.email, email), eq(signInAttempts.clientAddress, clientAddress)))
}

/** The admin's unlock: every address's lock and count for the account. */
export async function clearAllAccountAttempts(db: Executor, email: string) {
  await db.delete(signInAttempts).where(eq(signInAttempts.email, email))
}

/** Whether any address is locked out of the account right now (for the admin's unlock). */
export async function hasAddressLocks(db: Executor, email: string): Promise<boolean> {
  const [row] = await db
    .select({ email: signInAttempts.email })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, email), gt(signInAttempts.lockedUntil, sql`now()`)))
    .limit(1)
  return Boolean(row)
}

export type LockScope = 'address' | 'account'

/**
 * After a failure (its slot kept): locks the address out of the account once its window is
 * full, and the whole account once enough addresses are locked out of it. Each lock is audited
 * once. `staffId` is null for an unknown email: the address lock works alike, the account lock
 * has no row to set. Returns the locks this failure set.
 */
export async function lockAfterFailure(
  tx: Executor,
  failure: { email: string; clientAddress: string; staffId: string | null },
): Promise<LockScope[]> {
  const { email, clientAddress, staffId } = failure
  const kept = recent(signInAttempts.attemptedAt, ATTEMPT_WINDOW_MINUTES)
  const [addressLock] = await tx
    .update(signInAttempts)
    .set({ lockedUntil: sql`now() + make_interval(mins => ${LOCKOUT_MINUTES})` })
    .where(
      and(
        eq(signInAttempts.email, email),
        eq(signInAttempts.clientAddress, clientAddress),
        sql`cardinality(${kept}) >= ${MAX_FAILED_SIGN_INS}`,
        sql`(${signInAttempts.lockedUntil} is null or ${signInAttempts.lockedUntil} <= now())`,
      ),
    )
    .returning({ lockedUntil: signInAttempts.lockedUntil })
  if (!addressLock?.lockedUntil) return []
  await writeAudit(tx, {
    action: 'auth.lockout',
    entityType: 'staff',
    entityId: staffId,
    actorEmail: email,
    ipAddress: clientAddress,
    details: {
      scope: 'address',
      lockedUntil: addressLock.lockedUntil.toISOString(),
      failures: MAX_FAILED_SIGN_INS,
    },
  })
  if (!staffId) return ['address']

  const [locked] = await tx
    .select({ addresses: sql<number>`count(*)::int` })
    .from(signInAttempts)
    .where(and(eq(signInAttempts.email, email), gt(signInAttempts.lockedUntil, sql`now()`)))
  const addresses = locked?.addresses ?? 0
  if (addresses < ACCOUNT_LOCK_ADDRESSES) return ['address']
  const [accountLock] = await tx
    .update(staff)
    .set({ lockedUntil: sql`now() + make_interval(mins => ${LOCKOUT_MINUTES})` })
    .where(
      and(
        eq(staff.id, staffId),
        sql`(${staff.lockedUntil} is null or ${staff.lockedUntil} <= now())`,
      ),
    )
    .returning({ lockedUntil: staff.lockedUntil })
  if (!accountLock?.lockedUntil) return ['address']
  await writeAudit(tx, {
    action: 'auth.lockout',
    entityType: 'staff',
    entityId: staffId,
    actorEmail: email,
    ipAddress: clientAddress,
    details: { scope: 'account', lockedUntil: accountLock.lockedUntil.toISOString(), addresses },
  })
  return ['address', 'account']
}
