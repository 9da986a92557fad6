import { desc, eq } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import { auditLog, staff } from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'
import { hashPassword, verifyPassword } from './password'
import { PASSWORD_MESSAGES } from './password-check'
import { MAX_FAILED_SIGN_INS, TOO_MANY_GUESSES_MESSAGE } from './policy'

vi.mock('./index', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)

const { changeOwnPassword, WRONG_CURRENT_PASSWORD } = await import('./password-change')
const { requireStaff } = await import('./session')

const CURRENT = 'the current one, long enough'
const NEXT = 'a brand new passphrase'
let currentHash: string

beforeAll(async () => {
  currentHash = await hashPassword(CURRENT)
})

beforeEach(() => {
  signInAs(null)
})

async function rowOf(id: string) {
  const db = await getDb()
  const [row] = await db.select().from(staff).where(eq(staff.id, id))
  return row!
}

async function auditFor(id: string) {
  const db = await getDb()
  return db.select().from(auditLog).where(eq(auditLog.entityId, id)).orderBy(desc(auditLog.id))
}

describe('changeOwnPassword', () => {
  it('sends anonymous visitors to /login', async () => {
    expect(
      await outcomeOf(() => changeOwnPassword({ currentPassword: CURRENT, newPassword: NEXT })),
    ).toBe('redirect:/login')
  })

  it('changes the password, clears a pending change, ends every session, audits no secret', async () => {
    const member = await insertStaff(await getDb(), currentHash, { mustChangePassword: true })
    signInAs(member)
    expect(await changeOwnPassword({ currentPassword: CURRENT, newPassword: NEXT })).toEqual({
      ok: true,
      sessionVersion: 2,
    })
    const row = await rowOf(member.id)
    expect(row).toMatchObject({ mustChangePassword: false, sessionVersion: 2 })
    expect(await verifyPassword(row.passwordHash, NEXT)).toBe(true)
    const [entry] = await auditFor(member.id)
    expect(entry).toMatchObject({
      action: 'auth.password_changed',
      actorId: member.id,
      details: { changed: ['password'] },
    })
    const text = JSON.stringify(entry)
    expect(text).not.toContain(NEXT)
    expect(text).not.toContain(CURRENT)
    expect(text).not.toContain(row.passwordHash)
    // Every session with the old version (another browser, and this one until it signs in
    // again) has ended.
    expect(await outcomeOf(() => requireStaff())).toBe('redirect:/session-ended')
  })

  it('refuses a wrong current password, audits it and counts it towards the lockout', async () => {
    const member = await insertStaff(await getDb(), currentHash)
    signInAs(member)
    expect(
      await changeOwnPassword({ currentPassword: 'not the current one', newPassword: NEXT }),
    ).toEqual({ ok: false, field: 'currentPassword', message: WRONG_CURRENT_PASSWORD })
    const row = await rowOf(member.id)
    expect(row).toMatchObject({ failedLoginCount: 1, sessionVersion: 1 })
    expect(await verifyPassword(row.passwordHash, CURRENT)).toBe(true)
    const [entry] = await auditFor(member.id)
    expect(entry).toMatchObject({
      action: 'auth.password_change_failed',
      details: { reason: 'wrong_current_password' },
    })
    expect(JSON.stringify(entry)).not.toContain('not the current one')
  })

  it(`locks the address out (and ends the guessing session) after ${MAX_FAILED_SIGN_INS} wrong guesses`, async () => {
    const member = await insertStaff(await getDb(), currentHash)
    signInAs(member)
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      await changeOwnPassword({ currentPassword: `guess ${i}`, newPassword: NEXT })
    }
    expect(await outcomeOf(() => requireStaff())).toBe('redirect:/session-ended')
    const lockout = (await auditFor(member.id)).find((row) => row.action === 'auth.lockout')
    expect(lockout).toMatchObject({ details: { scope: 'address' } })
  })

  it('checks at most 5 of 20 concurrent current-password guesses; the right one is refused', async () => {
    const member = await insertStaff(await getDb(), currentHash)
    signInAs(member)
    const guesses = [...Array.from({ length: 19 }, (_, i) => `guess ${i}`), CURRENT]
    const outcomes = await Promise.all(
      guesses.map((currentPassword) => changeOwnPassword({ currentPassword, newPassword: NEXT })),
    )
    expect(outcomes.filter((o) => o.ok)).toHaveLength(0)
    expect(outcomes.at(-1)).toEqual({
      ok: false,
      field: 'currentPassword',
      message: TOO_MANY_GUESSES_MESSAGE,
    })
    const failed = (await auditFor(member.id)).filter(
      (row) => row.action === 'auth.password_change_failed',
    )
    expect(failed.length).toBeLessThanOrEqual(MAX_FAILED_SIGN_INS)
    expect(await verifyPassword((await rowOf(member.id)).passwordHash, CURRENT)).toBe(true)
  })

  it('refuses a new password containing the member’s email name, whatever the case', async () => {
    const member = await insertStaff(await getDb(), currentHash)
    const local = member.email.split('@')[0]!.toUpperCase()
    signInAs(member)
    expect(
      await changeOwnPassword({ currentPassword: CURRENT, newPassword: `I am ${local} at work` }),
    ).toEqual({ ok: false, field: 'newPassword', message: PASSWORD_MESSAGES.emailName })
    expect(await verifyPassword((await rowOf(member.id)).passwordHash, CURRENT)).toBe(true)
  })
})
