import crypto from 'node:crypto'
import type { Database } from '../client'
import { staff, type NewStaff, type StaffRole } from '../schema'

/** Inserts a staff member with the given (already hashed) password; returns the row. */
export async function insertStaff(
  db: Database,
  passwordHash: string,
  overrides: Partial<NewStaff> & { role?: StaffRole } = {},
) {
  const suffix = crypto.randomBytes(4).toString('hex')
  const [row] = await db
    .insert(staff)
    .values({
      email: `member-${suffix}@clinic.test`,
      name: `Member ${suffix}`,
      role: 'coordinator',
      passwordHash,
      ...overrides,
    })
    .returning()
  return row!
}
