import { and, count, eq, isNull, lt, or, sql } from 'drizzle-orm'
import type { Executor, Transaction } from '@/db/client'
import { staff, staffRecoveryCodes } from '@/db/schema'
import { authSecret } from '@/lib/env'
import {
  hashRecoveryCode,
  isTotpCodeShape,
  matchingTimeStep,
  newRecoveryCodes,
  newTotpSecret,
  openTotpSecret,
  sealTotpSecret,
} from './totp'

// Two-factor state in the database: enrolment (a pending secret until its first code), the
// one-time use of codes, recovery codes. Callers authorize and audit (lib/auth/two-factor-account.ts
// for the member's own page, lib/staff for an admin's reset, lib/auth/credentials.ts at sign-in).

export type SecondFactorMethod = 'totp' | 'recovery_code'

/**
 * Accepts a code once: a TOTP code of a time step newer than the last accepted one, or an unused
 * recovery code (then spent). Both are single conditional updates, so two requests racing with
 * the same code cannot both win.
 */
export async function consumeSecondFactor(
  tx: Executor,
  account: { id: string; totpSecret: string | null },
  code: string,
  at: number = Date.now(),
): Promise<SecondFactorMethod | null> {
  if (isTotpCodeShape(code)) {
    const secret = account.totpSecret ? openTotpSecret(account.totpSecret, authSecret()) : null
    const step = secret ? matchingTimeStep(secret, code.replace(/\s/g, ''), at) : null
    if (step === null) return null
    const [used] = await tx
      .update(staff)
      .set({ totpLastStep: step })
      .where(
        and(eq(staff.id, account.id), or(isNull(staff.totpLastStep), lt(staff.totpLastStep, step))),
      )
      .returning({ id: staff.id })
    return used ? 'totp' : null
  }
  const [spent] = await tx
    .update(staffRecoveryCodes)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(staffRecoveryCodes.staffId, account.id),
        eq(staffRecoveryCodes.codeHash, hashRecoveryCode(code)),
        isNull(staffRecoveryCodes.usedAt),
      ),
    )
    .returning({ id: staffRecoveryCodes.id })
  return spent ? 'recovery_code' : null
}

/**
 * Starts (or restarts) enrolment with a new pending secret, returned for the QR code; null when
 * two-factor is already on (a new phone means turning it off first, with a code).
 */
export async function startEnrolment(tx: Transaction, staffId: string): Promise<string | null> {
  const secret = newTotpSecret()
  const [started] = await tx
    .update(staff)
    .set({ totpPendingSecret: sealTotpSecret(secret, authSecret()), updatedAt: sql`now()` })
    .where(and(eq(staff.id, staffId), isNull(staff.totpSecret)))
    .returning({ id: staff.id })
  return started ? secret : null
}

/** The pending secret being set up, or null when none is (or it no longer opens). */
export async function pendingSecret(tx: Executor, staffId: string): Promise<string | null> {
  const [row] = await tx
    .select({ sealed: staff.totpPendingSecret })
    .from(staff)
    .where(eq(staff.id, staffId))
  return row?.sealed ? openTotpSecret(row.sealed, authSecret()) : null
}

/**
 * Turns two-factor on once a code from the pending secret checks out: the secret becomes the
 * account's, the code's step is spent, and ten recovery codes replace any old ones. Returns the
 * codes (shown once) or null when the code does not match.
 */
export async function confirmEnrolment(
  tx: Transaction,
  staffId: string,
  code: string,
  at: number = Date.now(),
): Promise<string[] | null> {
  const [row] = await tx
    .select({ sealed: staff.totpPendingSecret, current: staff.totpSecret })
    .from(staff)
    .where(eq(staff.id, staffId))
    .for('update')
  // Replacing a working secret takes turning it off first (which needs a code from it).
  if (!row?.sealed || row.current) return null
  const secret = openTotpSecret(row.sealed, authSecret())
  const step =
    secret && isTotpCodeShape(code) ? matchingTimeStep(secret, code.replace(/\s/g, ''), at) : null
  if (step === null) return null
  await tx
    .update(staff)
    .set({
      totpSecret: row.sealed,
      totpPendingSecret: null,
      totpEnabledAt: sql`now()`,
      totpLastStep: step,
      updatedAt: sql`now()`,
    })
    .where(eq(staff.id, staffId))
  return replaceRecoveryCodes(tx, staffId)
}

/** Ten new recovery codes; the old ones stop working. */
export async function replaceRecoveryCodes(tx: Transaction, staffId: string): Promise<string[]> {
  const codes = newRecoveryCodes()
  await tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId))
  await tx
    .insert(staffRecoveryCodes)
    .values(codes.map((code) => ({ staffId, codeHash: hashRecoveryCode(code) })))
  return codes
}

/**
 * Removes two-factor sign-in: the member's own choice, or an admin's reset for a lost phone,
 * which also ends the member's sessions (whoever has the phone may be signed in).
 */
export async function removeTwoFactor(
  tx: Transaction,
  staffId: string,
  options: { endSessions: boolean },
): Promise<void> {
  await tx
    .update(staff)
    .set({
      totpSecret: null,
      totpPendingSecret: null,
      totpEnabledAt: null,
      totpLastStep: null,
      ...(options.endSessions ? { sessionVersion: sql`${staff.sessionVersion} + 1` } : {}),
      updatedAt: sql`now()`,
    })
    .where(eq(staff.id, staffId))
  await tx.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId))
}

export interface TwoFactorStatus {
  enabled: boolean
  enabledAt: Date | null
  recoveryCodesLeft: number
}

export async function twoFactorStatus(db: Executor, staffId: string): Promise<TwoFactorStatus> {
  const [[row], [codes]] = await Promise.all([
    db.select({ enabledAt: staff.totpEnabledAt }).from(staff).where(eq(staff.id, staffId)),
    db
      .select({ left: count() })
      .from(staffRecoveryCodes)
      .where(and(eq(staffRecoveryCodes.staffId, staffId), isNull(staffRecoveryCodes.usedAt))),
  ])
  return {
    enabled: Boolean(row?.enabledAt),
    enabledAt: row?.enabledAt ?? null,
    recoveryCodesLeft: codes?.left ?? 0,
  }
}
