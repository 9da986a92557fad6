import { eq } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import { staff } from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'

vi.mock('./index', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)

const { requireRole, requireStaff } = await import('./session')
const { listStaff } = await import('@/lib/staff/queries')
const { visiblePatientsByStatus } = await import('@/lib/overview/status-counts')
const outcome = outcomeOf

let members: Record<'coordinator' | 'physician' | 'admin', Awaited<ReturnType<typeof insertStaff>>>

beforeAll(async () => {
  const db = await getDb()
  members = {
    coordinator: await insertStaff(db, 'unused-hash', { role: 'coordinator' }),
    physician: await insertStaff(db, 'unused-hash', { role: 'physician' }),
    admin: await insertStaff(db, 'unused-hash', { role: 'admin' }),
  }
})

beforeEach(() => {
  signInAs(null)
})

describe('requireStaff / requireRole', () => {
  it('sends anonymous visitors to /login', async () => {
    expect(await outcome(() => requireStaff())).toBe('redirect:/login')
    expect(await outcome(() => visiblePatientsByStatus())).toBe('redirect:/login')
  })

  it('returns the member from the database, not from the token', async () => {
    // The token claims admin; the row says coordinator: the row wins.
    signInAs({ ...members.coordinator, role: 'admin' })
    const me = await requireStaff()
    expect(me).toEqual({
      id: members.coordinator.id,
      name: members.coordinator.name,
      email: members.coordinator.email,
      role: 'coordinator',
      mustChangePassword: false,
      twoFactorEnabled: false,
    })
    expect(await outcome(() => requireRole('admin'))).toBe('http:403')
  })

  it('gives each role exactly its data-access functions', async () => {
    const access = async () => ({
      patients: await outcome(() => visiblePatientsByStatus()),
      staff: await outcome(() => listStaff()),
    })
    signInAs(members.coordinator)
    expect(await access()).toEqual({ patients: 'allowed', staff: 'http:403' })
    signInAs(members.physician)
    expect(await access()).toEqual({ patients: 'allowed', staff: 'http:403' })
    signInAs(members.admin)
    expect(await access()).toEqual({ patients: 'http:403', staff: 'allowed' })
  })

  it('ends the session at once when the row is deactivated or its version moves on', async () => {
    const db = await getDb()
    const cases: { change: Partial<typeof staff.$inferInsert> }[] = [
      { change: { active: false } },
      { change: { sessionVersion: 2 } },
    ]
    for (const { change } of cases) {
      const member = await insertStaff(db, 'unused-hash')
      signInAs(member)
      expect(await outcome(() => requireStaff())).toBe('allowed')
      await db.update(staff).set(change).where(eq(staff.id, member.id))
      expect(await outcome(() => requireStaff()), JSON.stringify(change)).toBe(
        'redirect:/session-ended',
      )
    }
  })

  it('keeps the session of a member whose sign-in is locked: whoever guessed cannot sign them out', async () => {
    const db = await getDb()
    const member = await insertStaff(db, 'unused-hash')
    signInAs(member)
    await db
      .update(staff)
      .set({ lockedUntil: new Date(Date.now() + 15 * 60_000), failedLoginCount: 15 })
      .where(eq(staff.id, member.id))
    expect(await outcome(() => requireStaff())).toBe('allowed')
  })

  it('ends a session whose staff row no longer exists', async () => {
    signInAs({ id: '00000000-0000-4000-8000-000000000000', role: 'admin', sessionVersion: 1 })
    expect(await outcome(() => requireStaff())).toBe('redirect:/session-ended')
  })

  it('sends a member who must change their password to that page first', async () => {
    const member = await insertStaff(await getDb(), 'unused-hash', { mustChangePassword: true })
    signInAs(member)
    expect(await outcome(() => requireStaff())).toBe('redirect:/change-password')
    expect(await outcome(() => visiblePatientsByStatus())).toBe('redirect:/change-password')
    expect(await outcome(() => requireStaff({ allowPendingPasswordChange: true }))).toBe('allowed')
  })
})
