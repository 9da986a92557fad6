import type { Database, Executor } from '@/db/client'
import { staff, type StaffRole } from '@/db/schema'
import { writeAudit } from '@/lib/audit'
import { hashPassword } from '@/lib/auth/password'
import { recordClinicalAccessGrant } from './clinical-access-grants'

export class DuplicateEmailError extends Error {
  constructor(email: string) {
    super(`A staff member with the email ${email} already exists`)
    this.name = 'DuplicateEmailError'
  }
}

export interface StaffRowInput {
  email: string
  name: string
  role: StaffRole
  /** Already checked against the password policy. */
  password: string
  mustChangePassword: boolean
}

export interface StaffActor {
  id: string
  email: string
  ipAddress?: string | null
}

/**
 * Inserts a real (non-demo) login and its audit row into the caller's transaction, with a hash
 * made beforehand (argon2 takes a while: not inside the transaction). Returns null when the
 * email is taken. `actor` is null when the command line creates the first admin. A clinical
 * login is also listed for physicians to acknowledge ("New clinical access").
 */
export async function insertStaffRow(
  executor: Executor,
  input: Omit<StaffRowInput, 'password'> & { passwordHash: string },
  actor: StaffActor | null,
): Promise<{ id: string } | null> {
  const [row] = await executor
    .insert(staff)
    .values({
      email: input.email,
      name: input.name,
      role: input.role,
      passwordHash: input.passwordHash,
      mustChangePassword: input.mustChangePassword,
    })
    .onConflictDoNothing({ target: staff.email })
    .returning({ id: staff.id })
  if (!row) return null
  await writeAudit(executor, {
    action: 'staff.created',
    entityType: 'staff',
    entityId: row.id,
    actorId: actor?.id ?? null,
    actorEmail: actor?.email ?? 'command line',
    ipAddress: actor?.ipAddress ?? null,
    details: {
      email: input.email,
      role: input.role,
      changed: ['email', 'name', 'role', 'password', 'mustChangePassword'],
    },
  })
  await recordClinicalAccessGrant(
    executor,
    { staffId: row.id, kind: 'created', role: input.role, fromRole: null },
    actor,
  )
  return row
}

/** The command line's way in: one transaction, throws DuplicateEmailError on a taken email. */
export async function insertStaffMember(
  db: Database,
  input: StaffRowInput,
  actor: StaffActor | null,
): Promise<{ id: string }> {
  const passwordHash = await hashPassword(input.password)
  return db.transaction(async (tx) => {
    const row = await insertStaffRow(tx, { ...input, passwordHash }, actor)
    if (!row) throw new DuplicateEmailError(input.email)
    return row
  })
}
