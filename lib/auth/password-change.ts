import 'server-only'
import { and, eq, sql } from 'drizzle-orm'
import { getDb } from '@/db/client'
import { staff } from '@/db/schema'
import { writeAudit } from '@/lib/audit'
import { checkOwnPassword } from './credentials'
import { requestAddress } from './index'
import { hashPassword } from './password'
import { TOO_MANY_GUESSES_MESSAGE } from './policy'
import { passwordPolicyError } from './password-check'
import { requireStaff } from './session'

export type PasswordChangeOutcome =
  | { ok: true; sessionVersion: number }
  | { ok: false; field: 'currentPassword' | 'newPassword'; message: string }

export const WRONG_CURRENT_PASSWORD = 'The current password is not correct'

/**
 * The signed-in member sets their own password (the forced change after an admin set one, and
 * the account page). `input` has passed changePasswordSchema; the rule that needs the member's
 * email is checked here. Success bumps the session version, which ends every session of theirs:
 * the caller signs this one in again. A wrong current password counts towards the lockout, so a
 * borrowed session cannot guess it at leisure.
 */
export async function changeOwnPassword(input: {
  currentPassword: string
  newPassword: string
}): Promise<PasswordChangeOutcome> {
  // 1. Who: the row, re-read (the forced change is the one page a pending member may use).
  const me = await requireStaff({ allowPendingPasswordChange: true })
  const ipAddress = await requestAddress()
  // Without two-factor sign-in the password is the only factor: the longer minimum applies.
  const policyError = passwordPolicyError(input.newPassword, {
    email: me.email,
    twoFactor: me.twoFactorEnabled,
  })
  if (policyError) return { ok: false, field: 'newPassword', message: policyError }

  // 2. The current password, verified against the stored hash (a slot reserved first).
  const db = await getDb()
  const current = await checkOwnPassword(db, me, ipAddress, input.currentPassword, (tx) =>
    writeAudit(tx, {
      action: 'auth.password_change_failed',
      entityType: 'staff',
      entityId: me.id,
      actorId: me.id,
      actorEmail: me.email,
      ipAddress,
      details: { reason: 'wrong_current_password' },
    }),
  )
  if (current.result === 'locked')
    return { ok: false, field: 'currentPassword', message: TOO_MANY_GUESSES_MESSAGE }
  if (current.result === 'wrong')
    return { ok: false, field: 'currentPassword', message: WRONG_CURRENT_PASSWORD }
  const row = current

  // 3. One transaction; the update holds only if the hash is still the one just verified.
  const passwordHash = await hashPassword(input.newPassword)
  const changed = await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(staff)
      .set({
        passwordHash,
        mustChangePassword: false,
        sessionVersion: sql`${staff.sessionVersion} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(staff.id, me.id), eq(staff.passwordHash, row.passwordHash)))
      .returning({ sessionVersion: staff.sessionVersion })
    if (!updated) return null
    await writeAudit(tx, {
      action: 'auth.password_changed',
      entityType: 'staff',
      entityId: me.id,
      actorId: me.id,
      actorEmail: me.email,
      ipAddress,
      details: { changed: ['password'] },
    })
    return updated.sessionVersion
  })
  return changed !== null
    ? { ok: true, sessionVersion: changed }
    : {
        ok: false,
        field: 'currentPassword',
        message: 'Your password changed meanwhile (in another window?): enter the current one.',
      }
}
