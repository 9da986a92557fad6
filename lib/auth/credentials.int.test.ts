import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@/db/client'
import { auditLog, signInThrottle, staff } from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { checkCredentials, endSession } from './credentials'
import { hashPassword } from './password'
import { MAX_FAILED_SIGN_INS, MAX_FAILURES_PER_ADDRESS } from './policy'

const PASSWORD = 'correct horse battery staple'
let passwordHash: string
let addressCounter = 0
// Each test signs in from its own address so the per-address throttle stays out of the way.
const freshAddress = () => `198.51.100.${++addressCounter}`

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD)
})

async function auditActions(entityId: string) {
  const db = await getDb()
  const rows = await db
    .select({ action: auditLog.action, details: auditLog.details })
    .from(auditLog)
    .where(eq(auditLog.entityId, entityId))
    .orderBy(auditLog.id)
  return rows
}

async function attempt(
  email: string,
  password: string,
  clientAddress = freshAddress(),
  demoMode = false,
) {
  return checkCredentials(await getDb(), { email, password, clientAddress, demoMode })
}

describe('checkCredentials', () => {
  it('signs in with the right password, case-insensitively on email, and audits it', async () => {
    const member = await insertStaff(await getDb(), passwordHash, { role: 'physician' })
    const result = await attempt(`  ${member.email.toUpperCase()} `, PASSWORD)
    expect(result).toEqual({
      ok: true,
      staff: {
        id: member.id,
        name: member.name,
        email: member.email,
        role: 'physician',
        sessionVersion: 1,
      },
    })
    expect((await auditActions(member.id)).map((r) => r.action)).toEqual(['auth.sign_in'])
  })

  it('refuses a wrong password and an unknown email alike, auditing both without the password', async () => {
    const member = await insertStaff(await getDb(), passwordHash)
    expect(await attempt(member.email, 'wrong password')).toEqual({
      ok: false,
      reason: 'wrong_password',
    })
    expect(await attempt('nobody@clinic.test', PASSWORD)).toEqual({
      ok: false,
      reason: 'unknown_email',
    })
    const db = await getDb()
    const failures = await db
      .select({ actorEmail: auditLog.actorEmail, details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.action, 'auth.sign_in_failed'))
    expect(failures).toEqual(
      expect.arrayContaining([
        { actorEmail: member.email, details: { reason: 'wrong_password' } },
        { actorEmail: 'nobody@clinic.test', details: { reason: 'unknown_email' } },
      ]),
    )
    expect(JSON.stringify(failures)).not.toContain(PASSWORD)
  })

  it('spends an argon2 verification on unknown emails too (no timing oracle)', async () => {
    const member = await insertStaff(await getDb(), passwordHash)
    const time = async (email: string) => {
      const started = performance.now()
      await attempt(email, 'wrong password')
      return performance.now() - started
    }
    const known: number[] = []
    const unknown: number[] = []
    for (let i = 0; i < 4; i++) {
      known.push(await time(member.email))
      unknown.push(await time(`ghost-${i}@clinic.test`))
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    // Without the decoy hash an unknown email answers in well under a tenth of the time.
    expect(median(unknown) / median(known)).toBeGreaterThan(0.4)
  })

  it(`locks the account after ${MAX_FAILED_SIGN_INS} failures; the right password then fails too`, async () => {
    const member = await insertStaff(await getDb(), passwordHash)
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      expect(await attempt(member.email, `wrong ${i}`)).toEqual({
        ok: false,
        reason: 'wrong_password',
      })
    }
    expect(await attempt(member.email, PASSWORD)).toEqual({ ok: false, reason: 'locked' })
    const db = await getDb()
    const [row] = await db
      .select({ lockedUntil: staff.lockedUntil })
      .from(staff)
      .where(eq(staff.id, member.id))
    const minutes = (row!.lockedUntil!.getTime() - Date.now()) / 60_000
    expect(minutes).toBeGreaterThan(14)
    expect(minutes).toBeLessThanOrEqual(15)
    const actions = (await auditActions(member.id)).map((r) => r.action)
    expect(actions.filter((a) => a === 'auth.lockout')).toHaveLength(1)
    expect(actions.at(-1)).toBe('auth.sign_in_failed')
  })

  it('lets the right password in again once the lock has expired, and resets the count', async () => {
    const db = await getDb()
    const member = await insertStaff(db, passwordHash, {
      failedLoginCount: 3,
      lockedUntil: new Date(Date.now() - 1_000),
    })
    expect((await attempt(member.email, PASSWORD)).ok).toBe(true)
    const [row] = await db.select().from(staff).where(eq(staff.id, member.id))
    expect(row).toMatchObject({ failedLoginCount: 0, lockedUntil: null })
    expect(row!.lastLoginAt).toBeInstanceOf(Date)
  })

  it('refuses an inactive account even with the right password', async () => {
    const member = await insertStaff(await getDb(), passwordHash, { active: false })
    expect(await attempt(member.email, PASSWORD)).toEqual({ ok: false, reason: 'inactive' })
  })

  it('accepts a demo account only in demo mode', async () => {
    const member = await insertStaff(await getDb(), passwordHash, { isDemo: true })
    expect(await attempt(member.email, PASSWORD, freshAddress(), false)).toEqual({
      ok: false,
      reason: 'demo_account_refused',
    })
    expect((await attempt(member.email, PASSWORD, freshAddress(), true)).ok).toBe(true)
  })

  it(`throttles an address after ${MAX_FAILURES_PER_ADDRESS} failures across accounts`, async () => {
    const member = await insertStaff(await getDb(), passwordHash)
    const address = freshAddress()
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      const result = await attempt(`guess-${i}@clinic.test`, 'guess', address)
      expect(result.ok).toBe(false)
    }
    // Even a valid account is refused from that address; other addresses are unaffected.
    expect(await attempt(member.email, PASSWORD, address)).toEqual({
      ok: false,
      reason: 'throttled',
    })
    expect((await attempt(member.email, PASSWORD, freshAddress())).ok).toBe(true)
    const db = await getDb()
    const throttled = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'auth.sign_in_throttled'), eq(auditLog.ipAddress, address)))
    expect(throttled).toHaveLength(1)
  })

  it('starts a new window once the old one has passed', async () => {
    const db = await getDb()
    const address = freshAddress()
    await db.insert(signInThrottle).values({
      clientAddress: address,
      failures: MAX_FAILURES_PER_ADDRESS - 1,
      windowStartedAt: sql`now() - interval '1 hour'`,
    })
    await attempt('someone@clinic.test', 'guess', address)
    const [row] = await db
      .select()
      .from(signInThrottle)
      .where(eq(signInThrottle.clientAddress, address))
    expect(row).toMatchObject({ failures: 1, blockedUntil: null })
  })
})

describe('endSession', () => {
  it('moves the session version on, so the signed-out token no longer matches', async () => {
    const db = await getDb()
    const member = await insertStaff(db, passwordHash)
    await endSession(
      db,
      { staffId: member.id, sessionVersion: 1 },
      { actorEmail: member.email, ipAddress: '::1' },
    )
    // A second sign-out with the old token changes nothing more.
    await endSession(
      db,
      { staffId: member.id, sessionVersion: 1 },
      { actorEmail: member.email, ipAddress: '::1' },
    )
    const [row] = await db
      .select({ v: staff.sessionVersion })
      .from(staff)
      .where(eq(staff.id, member.id))
    expect(row!.v).toBe(2)
    expect((await auditActions(member.id)).map((r) => r.action)).toEqual([
      'auth.sign_out',
      'auth.sign_out',
    ])
  })
})
