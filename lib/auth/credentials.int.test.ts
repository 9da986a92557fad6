import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PGlite } from '@electric-sql/pglite'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import type pg from 'pg'
import { getDatabaseHandle, getDb, type Database } from '@/db/client'
import * as schema from '@/db/schema'
import { auditLog, signInAttempts, signInThrottle, staff } from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { enrolTwoFactor, nextCode } from '@/lib/auth/testing/two-factor'
import { checkCredentials, checkSecondFactor, endSession } from './credentials'
import { hashPassword } from './password'
import type * as PasswordModule from './password'
import { ACCOUNT_LOCK_ADDRESSES, MAX_FAILED_SIGN_INS, MAX_FAILURES_PER_ADDRESS } from './policy'
import type * as TwoFactorModule from './two-factor'

// Counts the slow checks that actually ran: the password hashes and the second-factor codes.
const checks = vi.hoisted(() => ({ passwords: 0, codes: 0 }))
vi.mock('./password', async (importOriginal) => {
  const actual = await importOriginal<typeof PasswordModule>()
  return {
    ...actual,
    verifyPassword: (...args: Parameters<typeof actual.verifyPassword>) => {
      checks.passwords += 1
      return actual.verifyPassword(...args)
    },
  }
})
vi.mock('./two-factor', async (importOriginal) => {
  const actual = await importOriginal<typeof TwoFactorModule>()
  return {
    ...actual,
    consumeSecondFactor: (...args: Parameters<typeof actual.consumeSecondFactor>) => {
      checks.codes += 1
      return actual.consumeSecondFactor(...args)
    },
  }
})

const PASSWORD = 'correct horse battery staple'
let passwordHash: string
let addressCounter = 0
// Each test signs in from its own address so the per-address throttle stays out of the way.
const freshAddress = () => `198.51.100.${++addressCounter}`

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD)
})

beforeEach(() => {
  checks.passwords = 0
  checks.codes = 0
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

  it('does the same work for an unknown email as for a wrong password: one argon2 verification, the same SQL', async () => {
    // Work, not wall-clock time: the answer takes as long whether the email exists or not when
    // both run the same statements and one hash each, and load on the machine cannot change that.
    const handle = await getDatabaseHandle()
    const statements: string[] = []
    const logger = { logQuery: (query: string) => void statements.push(query) }
    const { $client } = handle.db as unknown as { $client: PGlite & pg.Pool }
    const db = (handle.config.backend === 'postgres'
      ? drizzlePg({ client: $client, schema, logger })
      : drizzlePglite({ client: $client, schema, logger })) as unknown as Database
    const member = await insertStaff(db, passwordHash)
    const work = async (email: string) => {
      await attempt(email, 'wrong password') // the first of each kind warms caches (and the decoy)
      statements.length = 0
      checks.passwords = 0
      const result = await checkCredentials(db, {
        email,
        password: 'wrong password',
        clientAddress: freshAddress(),
        demoMode: false,
      })
      return { result: result.ok, passwords: checks.passwords, statements: [...statements] }
    }
    const wrong = await work(member.email)
    const unknown = await work(`ghost-${crypto.randomUUID()}@clinic.test`)
    expect(wrong.passwords).toBe(1)
    expect(wrong.statements.length).toBeGreaterThan(3)
    expect(unknown).toEqual(wrong)
  })

  it(`locks the address out of the account after ${MAX_FAILED_SIGN_INS} failures; the owner elsewhere still gets in`, async () => {
    const member = await insertStaff(await getDb(), passwordHash)
    const attacker = freshAddress()
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      expect(await attempt(member.email, `wrong ${i}`, attacker)).toEqual({
        ok: false,
        reason: 'wrong_password',
      })
    }
    // From that address even the right password is refused, without being checked.
    checks.passwords = 0
    expect(await attempt(member.email, PASSWORD, attacker)).toEqual({ ok: false, reason: 'locked' })
    expect(checks.passwords).toBe(0)
    const db = await getDb()
    const [lock] = await db
      .select({ lockedUntil: signInAttempts.lockedUntil })
      .from(signInAttempts)
      .where(
        and(eq(signInAttempts.email, member.email), eq(signInAttempts.clientAddress, attacker)),
      )
    const minutes = (lock!.lockedUntil!.getTime() - Date.now()) / 60_000
    expect(minutes).toBeGreaterThan(14)
    expect(minutes).toBeLessThanOrEqual(15)
    // The account itself is not locked: its owner, from an address with no failures, signs in.
    expect((await attempt(member.email, PASSWORD, freshAddress())).ok).toBe(true)
    expect(await attempt(member.email, PASSWORD, attacker)).toEqual({ ok: false, reason: 'locked' })
    const rows = await auditActions(member.id)
    const lockouts = rows.filter((r) => r.action === 'auth.lockout')
    expect(lockouts).toHaveLength(1)
    expect(lockouts[0]!.details).toMatchObject({ scope: 'address', failures: MAX_FAILED_SIGN_INS })
    expect(rows.at(-1)).toEqual({ action: 'auth.sign_in_failed', details: { reason: 'locked' } })
  })

  it(`locks the whole account once ${ACCOUNT_LOCK_ADDRESSES} addresses are locked out of it`, async () => {
    const member = await insertStaff(await getDb(), passwordHash)
    for (let a = 0; a < ACCOUNT_LOCK_ADDRESSES; a++) {
      const address = freshAddress()
      for (let i = 0; i < MAX_FAILED_SIGN_INS; i++)
        await attempt(member.email, `wrong ${i}`, address)
    }
    checks.passwords = 0
    expect(await attempt(member.email, PASSWORD, freshAddress())).toEqual({
      ok: false,
      reason: 'locked',
    })
    expect(checks.passwords).toBe(0)
    const db = await getDb()
    const [row] = await db.select().from(staff).where(eq(staff.id, member.id))
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000)
    const scopes = (await auditActions(member.id))
      .filter((r) => r.action === 'auth.lockout')
      .map((r) => (r.details as { scope: string }).scope)
    expect(scopes).toEqual([...Array<string>(ACCOUNT_LOCK_ADDRESSES).fill('address'), 'account'])
  })

  it('unknown emails lock alike, so a lock tells nothing about whether the email exists', async () => {
    const address = freshAddress()
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      expect((await attempt('ghost@clinic.test', `wrong ${i}`, address)).ok).toBe(false)
    }
    expect(await attempt('ghost@clinic.test', 'again', address)).toEqual({
      ok: false,
      reason: 'locked',
    })
  })

  it('verifies at most 5 of 60 concurrent guesses from one address; the right password is refused', async () => {
    const member = await insertStaff(await getDb(), passwordHash)
    const address = freshAddress()
    const passwords = [...Array.from({ length: 59 }, (_, i) => `wrong ${i}`), PASSWORD]
    const results = await Promise.all(passwords.map((p) => attempt(member.email, p, address)))
    expect(checks.passwords).toBeLessThanOrEqual(MAX_FAILED_SIGN_INS)
    // Refused unchecked: locked out of the account, or (refusals count too) throttled.
    expect(results.at(-1)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^(locked|throttled)$/),
    })
    expect(results.filter((r) => r.ok)).toHaveLength(0)
    const db = await getDb()
    const wrong = await db
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.actorEmail, member.email),
          sql`${auditLog.details}->>'reason' = 'wrong_password'`,
        ),
      )
    expect(wrong.length).toBeLessThanOrEqual(MAX_FAILED_SIGN_INS)
  })

  it('checks at most 5 of 60 concurrent second-factor codes; the right code is refused', async () => {
    const member = await insertStaff(await getDb(), passwordHash)
    const { secret } = await enrolTwoFactor(member.id)
    const address = freshAddress()
    const codes = [...Array.from({ length: 59 }, (_, i) => String(100000 + i)), nextCode(secret)]
    const db = await getDb()
    const challenge = { staffId: member.id, sessionVersion: member.sessionVersion }
    const results = await Promise.all(
      codes.map((code) =>
        checkSecondFactor(db, { challenge, code, clientAddress: address, demoMode: false }),
      ),
    )
    expect(checks.codes).toBeLessThanOrEqual(MAX_FAILED_SIGN_INS)
    // Refused unchecked: locked out of the account, or (refusals count too) throttled.
    expect(results.at(-1)).toEqual({
      ok: false,
      reason: expect.stringMatching(/^(locked|throttled)$/),
    })
    expect(results.filter((r) => r.ok)).toHaveLength(0)
  })

  it('keeps at most 20 checks per address under concurrency, across accounts', async () => {
    const address = freshAddress()
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => attempt(`spray-${i}@clinic.test`, 'guess', address)),
    )
    expect(checks.passwords).toBeLessThanOrEqual(MAX_FAILURES_PER_ADDRESS)
    expect(results.filter((r) => !r.ok && r.reason === 'throttled').length).toBeGreaterThanOrEqual(
      40 - MAX_FAILURES_PER_ADDRESS,
    )
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

  it('forgets attempts older than the window', async () => {
    const db = await getDb()
    const address = freshAddress()
    const old = Array.from(
      { length: MAX_FAILURES_PER_ADDRESS },
      () => new Date(Date.now() - 60 * 60_000),
    )
    await db.insert(signInThrottle).values({ clientAddress: address, attemptedAt: old })
    expect(await attempt('someone@clinic.test', 'guess', address)).toEqual({
      ok: false,
      reason: 'unknown_email',
    })
    const [row] = await db
      .select({ n: sql<number>`cardinality(${signInThrottle.attemptedAt})` })
      .from(signInThrottle)
      .where(eq(signInThrottle.clientAddress, address))
    expect(row!.n).toBe(1)
  })

  it('gives a successful sign-in its slot back: only failures fill the address window', async () => {
    const member = await insertStaff(await getDb(), passwordHash)
    const address = freshAddress()
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS + 5; i++) {
      expect((await attempt(member.email, PASSWORD, address)).ok).toBe(true)
    }
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
