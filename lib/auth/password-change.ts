import 'server-only'
import { eq, sql } from 'drizzle-orm'
import { getDb } from '@/db/client'
import { staff } from '@/db/schema'
import { writeAudit } from '@/lib/audit'
import { hashPassword, verifyPassword } from './password'
import type { CurrentStaff } from './session'

export type PasswordChangeOutcome =
  { ok: true } | { ok: false; field: 'currentPassword'; message: string }

/**
 * Sets a new password for the signed-in member and bumps the session version, which ends
 * every other session of theirs; the caller signs this one in again.
 */
export async function changeOwnPassword(
  me: CurrentStaff,
  input: { currentPassword: string; newPassword: string },
  ipAddress: string,
): Promise<PasswordChangeOutcome> {
  const db = await getDb()
  const [row] = await db
    .select({ passwordHash: staff.passwordHash })
    .from(staff)
    .where(eq(staff.id, me.id))
  if (!row || !(await verifyPassword(row.passwordHash, input.currentPassword))) {
    return { ok: false, field: 'currentPassword', message: 'The current password is not correct' }
  }
  const passwordHash = await hashPassword(input.newPassword)
  await db.transaction(async (tx) => {
    await tx
      .update(staff)
      .set({
        passwordHash,
        mustChangePassword: false,
        sessionVersion: sql`${staff.sessionVersion} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(staff.id, me.id))
    await writeAudit(tx, {
      action: 'auth.password_changed',
      entityType: 'staff',
      entityId: me.id,
      actorId: me.id,
      actorEmail: me.email,
      ipAddress,
      details: { changed: ['password'] },
    })
  })
  return { ok: true }
}
