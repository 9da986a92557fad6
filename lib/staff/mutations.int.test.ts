import { asc, count, desc, eq, ne } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import { auditLog, staff } from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { checkCredentials } from '@/lib/auth/credentials'
import { hashPassword, verifyPassword } from '@/lib/auth/password'
import { MAX_FAILED_SIGN_INS } from '@/lib/auth/policy'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'

vi.mock('@/lib/auth', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)

const {
  addStaffMember,
  changeStaffRole,
  deactivateStaff,
  reactivateStaff,
  resetStaffPassword,
  unlockStaff,
  NOT_FOUND_MESSAGE,
} = await import('./mutations')
const { requireStaff } = await import('@/lib/auth/session')
const { SELF_DEACTIVATION_MESSAGE, SELF_RESET_MESSAGE } = await import('./rules')

type Member = Awaited<ReturnType<typeof insertStaff>>
const ADDRESS = '203.0.113.7' // what the fake auth module reports
const TEMPORARY = 'granite meadow lantern'
const ENROLMENT_PATH = /^\/enrol\/[A-Za-z0-9_-]{43}$/

let hash: string
let admin: Member
let secondAdmin: Member
let coordinator: Member
let physician: Member

beforeAll(async () => {
  const db = await getDb()
  hash = await hashPassword('the original password here')
  admin = await insertStaff(db, hash, { role: 'admin' })
  // A second active admin: no change in this file trips the last-admin rule by accident.
  secondAdmin = await insertStaff(db, hash, { role: 'admin' })
  coordinator = await insertStaff(db, hash, { role: 'coordinator' })
  physician = await insertStaff(db, hash, { role: 'physician' })
})

beforeEach(() => signInAs(null))

async function rowOf(id: string) {
  const db = await getDb()
  const [row] = await db.select().from(staff).where(eq(staff.id, id))
  return row!
}

async function auditFor(id: string) {
  const db = await getDb()
  return db.select().from(auditLog).where(eq(auditLog.entityId, id)).orderBy(desc(auditLog.id))
}

/**
 * Everything a refused call must leave alone: every staff row and the audit log's size, but for
 * the `access.denied` row a refusal writes (lib/auth/access-denied.int.test.ts covers those).
 */
async function snapshot() {
  const db = await getDb()
  const rows = await db.select().from(staff).orderBy(asc(staff.id))
  const [audits] = await db
    .select({ n: count() })
    .from(auditLog)
    .where(ne(auditLog.action, 'access.denied'))
  return { rows, audits: audits!.n }
}

/** A fresh coordinator with the original password. */
const target = async () => insertStaff(await getDb(), hash)

describe('authorization: every staff change is an admin’s, checked on the server', () => {
  const calls: [string, (id: string) => Promise<unknown>][] = [
    [
      'addStaffMember',
      () =>
        addStaffMember({
          name: 'Intruder',
          email: 'intruder@clinic.test',
          role: 'admin',
        }),
    ],
    [
      'changeStaffRole',
      (id) => changeStaffRole({ staffId: id, currentRole: 'coordinator', role: 'admin' }),
    ],
    ['resetStaffPassword', (id) => resetStaffPassword({ staffId: id })],
    ['unlockStaff', (id) => unlockStaff({ staffId: id })],
    ['deactivateStaff', (id) => deactivateStaff({ staffId: id })],
    ['reactivateStaff', (id) => reactivateStaff({ staffId: id })],
  ]

  it.each(calls)(
    '%s: anonymous → /login, clinical roles → 403, nothing written',
    async (_, call) => {
      const victim = await insertStaff(await getDb(), hash, {
        active: false,
        failedLoginCount: 5,
        lockedUntil: new Date(Date.now() + 60_000),
      })
      const before = await snapshot()
      expect(await outcomeOf(() => call(victim.id))).toBe('redirect:/login')
      signInAs(coordinator)
      expect(await outcomeOf(() => call(victim.id))).toBe('http:403')
      signInAs(physician)
      expect(await outcomeOf(() => call(victim.id))).toBe('http:403')
      // A token that claims admin for a coordinator's row: the row decides.
      signInAs({ ...coordinator, role: 'admin' })
      expect(await outcomeOf(() => call(victim.id))).toBe('http:403')
      expect(await snapshot()).toEqual(before)
    },
  )

  it('ends the session of an admin whose version moved on, before any change', async () => {
    const before = await snapshot()
    signInAs({ ...admin, sessionVersion: admin.sessionVersion - 1 })
    expect(await outcomeOf(() => deactivateStaff({ staffId: coordinator.id }))).toBe(
      'redirect:/session-ended',
    )
    expect(await snapshot()).toEqual(before)
  })
})

describe('addStaffMember', () => {
  it('creates a login whose password nobody knows, and a single-use link, audited', async () => {
    signInAs(admin)
    const result = await addStaffMember({
      name: 'Robin Vance',
      email: 'robin.vance@clinic.test',
      role: 'physician',
    })
    expect(result).toEqual({
      ok: true,
      data: { id: expect.any(String), enrolmentLink: expect.stringMatching(ENROLMENT_PATH) },
    })
    const id = result.ok ? result.data.id : ''
    const row = await rowOf(id)
    expect(row).toMatchObject({
      name: 'Robin Vance',
      email: 'robin.vance@clinic.test',
      role: 'physician',
      active: true,
      isDemo: false,
      mustChangePassword: false,
      sessionVersion: 1,
    })
    const [linkIssued, created] = await auditFor(id)
    expect(created).toMatchObject({
      action: 'staff.created',
      actorId: admin.id,
      actorEmail: admin.email,
      ipAddress: ADDRESS,
      details: { email: 'robin.vance@clinic.test', role: 'physician' },
    })
    expect(linkIssued).toMatchObject({
      action: 'staff.enrolment_link_issued',
      actorId: admin.id,
      ipAddress: ADDRESS,
      details: { email: 'robin.vance@clinic.test', expiresAt: expect.any(String) },
    })
    const token = result.ok ? result.data.enrolmentLink.split('/').pop()! : ''
    expect(JSON.stringify([linkIssued, created])).not.toContain(token)

    // No password an admin could know signs in.
    for (const password of [TEMPORARY, 'the original password here', '']) {
      const signedIn = await checkCredentials(await getDb(), {
        email: 'robin.vance@clinic.test',
        password,
        clientAddress: '198.51.100.20',
        demoMode: false,
      })
      expect(signedIn.ok).toBe(false)
    }
  })

  it('refuses a taken email on its field and writes nothing', async () => {
    signInAs(admin)
    const before = await snapshot()
    expect(
      await addStaffMember({
        name: 'Someone Else',
        email: coordinator.email,
        role: 'admin',
      }),
    ).toEqual({
      ok: false,
      message: 'Please correct the highlighted fields.',
      fieldErrors: { email: ['A staff member with this email already exists'] },
    })
    expect(await snapshot()).toEqual(before)
  })
})

describe('changeStaffRole', () => {
  it('changes the role, ends the member’s sessions and audits field names', async () => {
    const member = await target()
    signInAs(member)
    expect(await outcomeOf(() => requireStaff())).toBe('allowed')

    signInAs(admin)
    expect(
      await changeStaffRole({ staffId: member.id, currentRole: 'coordinator', role: 'physician' }),
    ).toEqual({ ok: true, data: undefined })
    expect(await rowOf(member.id)).toMatchObject({ role: 'physician', sessionVersion: 2 })
    const [entry] = await auditFor(member.id)
    expect(entry).toMatchObject({
      action: 'staff.role_changed',
      actorId: admin.id,
      ipAddress: ADDRESS,
      details: {
        changed: ['role'],
        email: member.email,
        fromRole: 'coordinator',
        toRole: 'physician',
      },
    })

    // The member's open session (the old version) ends at its next request.
    signInAs(member)
    expect(await outcomeOf(() => requireStaff())).toBe('redirect:/session-ended')
  })

  it('refuses when the role changed meanwhile (the role the admin saw is stale)', async () => {
    const member = await target()
    signInAs(admin)
    await changeStaffRole({ staffId: member.id, currentRole: 'coordinator', role: 'physician' })
    const before = await snapshot()
    const stale = await changeStaffRole({
      staffId: member.id,
      currentRole: 'coordinator',
      role: 'admin',
    })
    expect(stale).toEqual({
      ok: false,
      message: `Someone else changed ${member.name}'s role meanwhile: it is now Physician. Check and try again.`,
    })
    expect(await snapshot()).toEqual(before)
  })

  it('refuses a "change" to the same role on the field, and an unknown member', async () => {
    const member = await target()
    signInAs(admin)
    const before = await snapshot()
    const same = await changeStaffRole({
      staffId: member.id,
      currentRole: 'coordinator',
      role: 'coordinator',
    })
    expect(same).toMatchObject({
      ok: false,
      fieldErrors: { role: [`${member.name} already has the Coordinator role`] },
    })
    expect(
      await changeStaffRole({
        staffId: '00000000-0000-4000-8000-000000000000',
        currentRole: 'coordinator',
        role: 'admin',
      }),
    ).toEqual({ ok: false, message: NOT_FOUND_MESSAGE })
    expect(await snapshot()).toEqual(before)
  })
})

describe('resetStaffPassword', () => {
  it('voids the password, clears a lockout, ends sessions and issues a link, audited', async () => {
    const member = await insertStaff(await getDb(), hash, {
      failedLoginCount: 0,
      lockedUntil: new Date(Date.now() + 10 * 60_000),
    })
    signInAs(admin)
    const result = await resetStaffPassword({ staffId: member.id })
    expect(result).toEqual({
      ok: true,
      data: { enrolmentLink: expect.stringMatching(ENROLMENT_PATH) },
    })
    const row = await rowOf(member.id)
    expect(row).toMatchObject({
      mustChangePassword: false,
      lockedUntil: null,
      failedLoginCount: 0,
      sessionVersion: 2,
    })
    expect(await verifyPassword(row.passwordHash, 'the original password here')).toBe(false)
    const [linkIssued, reset] = await auditFor(member.id)
    expect(reset).toMatchObject({
      action: 'staff.password_reset',
      actorId: admin.id,
      details: {
        changed: ['password', 'lockedUntil', 'failedLoginCount'],
        email: member.email,
      },
    })
    expect(linkIssued).toMatchObject({ action: 'staff.enrolment_link_issued', actorId: admin.id })
    const text = JSON.stringify([linkIssued, reset])
    expect(text).not.toContain(row.passwordHash)
    expect(text).not.toContain(hash)
    expect(text).not.toContain(result.ok ? result.data.enrolmentLink.split('/').pop() : '')

    signInAs(member)
    expect(await outcomeOf(() => requireStaff())).toBe('redirect:/session-ended')
  })

  it('refuses an admin’s own reset (their own page asks for the current password)', async () => {
    signInAs(admin)
    const before = await snapshot()
    expect(await resetStaffPassword({ staffId: admin.id })).toEqual({
      ok: false,
      message: SELF_RESET_MESSAGE,
    })
    expect(await snapshot()).toEqual(before)
  })
})

describe('unlockStaff', () => {
  it('clears the lockout and the failed count, ends sessions, audits', async () => {
    const member = await insertStaff(await getDb(), hash, {
      failedLoginCount: 2,
      lockedUntil: new Date(Date.now() + 10 * 60_000),
    })
    signInAs(admin)
    expect(await unlockStaff({ staffId: member.id })).toEqual({ ok: true, data: undefined })
    expect(await rowOf(member.id)).toMatchObject({
      lockedUntil: null,
      failedLoginCount: 0,
      sessionVersion: 2,
    })
    const [entry] = await auditFor(member.id)
    expect(entry).toMatchObject({
      action: 'staff.unlocked',
      details: { changed: ['lockedUntil', 'failedLoginCount'], email: member.email },
    })
    // The member can sign in again at once.
    const signedIn = await checkCredentials(await getDb(), {
      email: member.email,
      password: 'the original password here',
      clientAddress: '198.51.100.21',
      demoMode: false,
    })
    expect(signedIn.ok).toBe(true)
  })

  it('clears every address locked out of the account too, even after the owner signed in elsewhere', async () => {
    const db = await getDb()
    const member = await insertStaff(db, hash)
    const attacker = '198.51.100.31'
    const attempt = (password: string, clientAddress: string) =>
      checkCredentials(db, { email: member.email, password, clientAddress, demoMode: false })
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) await attempt(`wrong ${i}`, attacker)
    // The owner's sign-in from elsewhere resets the count, but not the attacker's lock.
    expect((await attempt('the original password here', '198.51.100.32')).ok).toBe(true)
    expect(await attempt('the original password here', attacker)).toEqual({
      ok: false,
      reason: 'locked',
    })
    signInAs(admin)
    expect(await unlockStaff({ staffId: member.id })).toEqual({ ok: true, data: undefined })
    expect((await attempt('the original password here', attacker)).ok).toBe(true)
  })

  it('refuses an account that is not locked and writes nothing', async () => {
    const member = await target()
    signInAs(admin)
    const before = await snapshot()
    expect(await unlockStaff({ staffId: member.id })).toEqual({
      ok: false,
      message: `${member.name}'s account is not locked.`,
    })
    expect(await snapshot()).toEqual(before)
  })
})

describe('deactivateStaff and reactivateStaff', () => {
  it('deactivates, ends the sessions and audits; reactivating lets the member back in', async () => {
    const member = await target()
    signInAs(member)
    expect(await outcomeOf(() => requireStaff())).toBe('allowed')

    signInAs(admin)
    expect(await deactivateStaff({ staffId: member.id })).toEqual({ ok: true, data: undefined })
    expect(await rowOf(member.id)).toMatchObject({ active: false, sessionVersion: 2 })
    expect((await auditFor(member.id))[0]).toMatchObject({
      action: 'staff.deactivated',
      actorId: admin.id,
      ipAddress: ADDRESS,
      details: { changed: ['active'], email: member.email },
    })
    signInAs(member)
    expect(await outcomeOf(() => requireStaff())).toBe('redirect:/session-ended')

    signInAs(admin)
    expect(await deactivateStaff({ staffId: member.id })).toEqual({
      ok: false,
      message: `${member.name}'s account is already inactive.`,
    })
    expect(await reactivateStaff({ staffId: member.id })).toEqual({ ok: true, data: undefined })
    expect(await rowOf(member.id)).toMatchObject({ active: true, sessionVersion: 3 })
    expect((await auditFor(member.id))[0]).toMatchObject({
      action: 'staff.reactivated',
      details: { changed: ['active'], email: member.email },
    })
    expect(await reactivateStaff({ staffId: member.id })).toEqual({
      ok: false,
      message: `${member.name}'s account is already active.`,
    })
    // The old session stays ended; a new sign-in works.
    signInAs(member)
    expect(await outcomeOf(() => requireStaff())).toBe('redirect:/session-ended')
    signInAs({ ...member, sessionVersion: 3 })
    expect(await outcomeOf(() => requireStaff())).toBe('allowed')
  })

  it('refuses an admin deactivating themself, even with another admin about', async () => {
    signInAs(admin)
    const before = await snapshot()
    expect(await deactivateStaff({ staffId: admin.id })).toEqual({
      ok: false,
      message: SELF_DEACTIVATION_MESSAGE,
    })
    expect(await snapshot()).toEqual(before)
    expect((await rowOf(secondAdmin.id)).active).toBe(true)
  })
})
