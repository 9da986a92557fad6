import { and, count, eq } from 'drizzle-orm'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import { auditLog, staff } from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'

vi.mock('@/lib/auth', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)

const { changeStaffRole, deactivateStaff, ACTOR_LOST_ADMIN_MESSAGE } = await import('./mutations')
const { requireStaff } = await import('@/lib/auth/session')
const { lastAdminMessage, SELF_DEACTIVATION_MESSAGE } = await import('./rules')

// A fresh database per file: here the number of admins is what each test says it is.

beforeEach(async () => {
  signInAs(null)
  // Every test starts with no active admin; each adds the ones it needs.
  const db = await getDb()
  await db.update(staff).set({ active: false }).where(eq(staff.role, 'admin'))
})

async function activeAdmins() {
  const db = await getDb()
  const [row] = await db
    .select({ n: count() })
    .from(staff)
    .where(and(eq(staff.role, 'admin'), eq(staff.active, true)))
  return row!.n
}

async function auditCount() {
  const db = await getDb()
  const [row] = await db.select({ n: count() }).from(auditLog)
  return row!.n
}

describe('the last active admin', () => {
  it('cannot demote or deactivate themself', async () => {
    const only = await insertStaff(await getDb(), 'unused-hash', { role: 'admin', name: 'Only' })
    signInAs(only)
    const audits = await auditCount()
    expect(
      await changeStaffRole({ staffId: only.id, currentRole: 'admin', role: 'coordinator' }),
    ).toEqual({ ok: false, message: lastAdminMessage('Only', 'demote') })
    expect(await deactivateStaff({ staffId: only.id })).toEqual({
      ok: false,
      message: SELF_DEACTIVATION_MESSAGE,
    })
    expect(await activeAdmins()).toBe(1)
    expect(await auditCount()).toBe(audits)
    expect(await outcomeOf(() => requireStaff())).toBe('allowed')
  })

  it('may step down once another admin is active; their own session then ends', async () => {
    const db = await getDb()
    const leaving = await insertStaff(db, 'unused-hash', { role: 'admin' })
    await insertStaff(db, 'unused-hash', { role: 'admin' })
    signInAs(leaving)
    expect(
      await changeStaffRole({ staffId: leaving.id, currentRole: 'admin', role: 'physician' }),
    ).toEqual({ ok: true, data: undefined })
    expect(await activeAdmins()).toBe(1)
    expect(await outcomeOf(() => requireStaff())).toBe('redirect:/session-ended')
  })
})

describe('two admins acting on each other at the same moment', () => {
  // The lock and the re-check inside the transaction leave one active admin, never none. The
  // loser is refused inside the lock, or, when the winner committed before the loser's own
  // session check ran (timing on a real server), its session has already ended.
  const LOSER = [`refused: ${ACTOR_LOST_ADMIN_MESSAGE}`, 'session ended']
  const settle = (calls: Promise<{ ok: boolean; message?: string }>[]) =>
    Promise.all(
      calls.map((call) =>
        call.then(
          (result) => (result.ok ? 'done' : `refused: ${result.message}`),
          async (error: unknown) => {
            if ((await outcomeOf(() => Promise.reject(error))) === 'redirect:/session-ended')
              return 'session ended'
            throw error
          },
        ),
      ),
    )
  it('deactivating each other: one wins, the other is refused', async () => {
    const db = await getDb()
    const first = await insertStaff(db, 'unused-hash', { role: 'admin' })
    const second = await insertStaff(db, 'unused-hash', { role: 'admin' })
    signInAs(first)
    const byFirst = deactivateStaff({ staffId: second.id })
    signInAs(second)
    const bySecond = deactivateStaff({ staffId: first.id })
    const results = await settle([byFirst, bySecond])
    expect(results.filter((result) => result === 'done')).toHaveLength(1)
    expect(LOSER).toContain(results.find((result) => result !== 'done'))
    expect(await activeAdmins()).toBe(1)
  })

  it('demoting each other: one admin remains', async () => {
    const db = await getDb()
    const first = await insertStaff(db, 'unused-hash', { role: 'admin' })
    const second = await insertStaff(db, 'unused-hash', { role: 'admin' })
    signInAs(first)
    const byFirst = changeStaffRole({
      staffId: second.id,
      currentRole: 'admin',
      role: 'coordinator',
    })
    signInAs(second)
    const bySecond = changeStaffRole({
      staffId: first.id,
      currentRole: 'admin',
      role: 'coordinator',
    })
    const results = await settle([byFirst, bySecond])
    expect(results.filter((result) => result === 'done')).toHaveLength(1)
    expect(LOSER).toContain(results.find((result) => result !== 'done'))
    expect(await activeAdmins()).toBe(1)
  })
})
