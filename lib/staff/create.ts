import { staff } from '@/db/schema'
import type { Database } from '@/db/client'
import { writeAudit } from '@/lib/audit'
import { hashPassword } from '@/lib/auth/password'
import type { NewStaffInput } from './schemas'

export class DuplicateEmailError extends Error {
  constructor(email: string) {
    super(`A staff member with the email ${email} already exists`)
    this.name = 'DuplicateEmailError'
  }
}

/**
 * Inserts a real (non-demo) login and its audit row in one transaction. `actor` is null when
 * the command line creates the first admin of a deployment.
 */
export async function insertStaffMember(
  db: Database,
  input: NewStaffInput & { mustChangePassword: boolean },
  actor: { id: string; email: string } | null,
): Promise<{ id: string }> {
  const passwordHash = await hashPassword(input.password)
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(staff)
      .values({
        email: input.email,
        name: input.name,
        role: input.role,
        passwordHash,
        mustChangePassword: input.mustChangePassword,
      })
      .onConflictDoNothing({ target: staff.email })
      .returning({ id: staff.id })
    if (!row) throw new DuplicateEmailError(input.email)
    await writeAudit(tx, {
      action: 'staff.created',
      entityType: 'staff',
      entityId: row.id,
      actorId: actor?.id ?? null,
      actorEmail: actor?.email ?? 'command line',
      details: { email: input.email, role: input.role },
    })
    return row
  })
}
