import { eq, sql } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import { auditLog, staff, staffRecoveryCodes } from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { enrolTwoFactor, nextCode } from '@/lib/auth/testing/two-factor'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'
import { checkCredentials, checkRenewal, checkSecondFactor } from './credentials'
import { hashPassword } from './password'
import { MAX_FAILED_SIGN_INS, TOO_MANY_CODES_MESSAGE } from './policy'
import { totpCode } from './totp'
import { consumeSecondFactor, startEnrolment } from './two-factor'

vi.mock('./index', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)
const account = await import('./two-factor-account')
const { requireStaff } = await import('./session')

const PASSWORD = 'correct horse battery staple'
let passwordHash: string
let addressCounter = 0
const freshAddress = () => `192.0.2.${++addressCounter}`

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD)
})

afterEach(() => {
  process.env.AUGMENT_REQUIRE_2FA = 'off'
  signInAs(null)
})

async function member(overrides: Parameters<typeof insertStaff>[2] = {}) {
  return insertStaff(await getDb(), passwordHash, overrides)
}

async function rowOf(id: string) {
  const [row] = await (await getDb()).select().from(staff).where(eq(staff.id, id))
  return row!
}

async function auditOf(id: string) {
  return (await getDb())
    .select({ action: auditLog.action, details: auditLog.details })
    .from(auditLog)
    .where(eq(auditLog.entityId, id))
    .orderBy(auditLog.id)
}

const challengeOf = (m: { id: string; sessionVersion: number }) => ({
  staffId: m.id,
  sessionVersion: m.sessionVersion,
})

async function secondStep(
  m: { id: string; sessionVersion: number },
  code: string,
  clientAddress = freshAddress(),
) {
  return checkSecondFactor(await getDb(), {
    challenge: challengeOf(m),
    code,
    clientAddress,
    demoMode: false,
  })
}

describe('enrolment', () => {
  it('turns on only with a code from the new secret, stores it sealed and the codes hashed', async () => {
    const m = await member()
    const db = await getDb()
    const secret = (await db.transaction((tx) => startEnrolment(tx, m.id)))!
    signInAs(m)
    expect(await account.confirmTwoFactorSetup('000000')).toEqual({
      ok: false,
      message: account.WRONG_CODE,
    })
    expect((await rowOf(m.id)).totpEnabledAt).toBeNull()

    const confirmed = await account.confirmTwoFactorSetup(totpCode(secret))
    expect(confirmed.ok).toBe(true)
    const codes = confirmed.ok ? confirmed.recoveryCodes : []
    expect(codes).toHaveLength(10)
    const row = await rowOf(m.id)
    expect(row.totpEnabledAt).toBeInstanceOf(Date)
    expect(row.totpPendingSecret).toBeNull()
    expect(row.totpSecret).not.toContain(secret)
    const stored = await db
      .select({ hash: staffRecoveryCodes.codeHash })
      .from(staffRecoveryCodes)
      .where(eq(staffRecoveryCodes.staffId, m.id))
    expect(stored).toHaveLength(10)
    const everything = JSON.stringify(
      (await db.execute(sql`select s::text as row from staff s where id = ${m.id}`)) as unknown,
    )
    for (const code of codes) expect(everything + JSON.stringify(stored)).not.toContain(code)
    // The audit row names what changed, never the secret or a code.
    const audit = await auditOf(m.id)
    expect(audit).toEqual([
      { action: 'auth.two_factor_enabled', details: { changed: ['two_factor'] } },
    ])
  })

  it('cannot replace a working secret without turning it off first', async () => {
    const m = await member()
    await enrolTwoFactor(m.id)
    const before = await rowOf(m.id)
    const db = await getDb()
    expect(await db.transaction((tx) => startEnrolment(tx, m.id))).toBeNull()
    expect((await rowOf(m.id)).totpSecret).toBe(before.totpSecret)
  })
})

describe('signing in with two-factor on', () => {
  it('asks for the code after the right password, without resetting the failure count', async () => {
    const m = await member({ failedLoginCount: 3 })
    await enrolTwoFactor(m.id)
    const result = await checkCredentials(await getDb(), {
      email: m.email,
      password: PASSWORD,
      clientAddress: freshAddress(),
      demoMode: false,
    })
    expect(result).toEqual({
      ok: false,
      reason: 'two_factor_required',
      challenge: challengeOf(m),
    })
    expect((await rowOf(m.id)).failedLoginCount).toBe(3)
    expect((await auditOf(m.id)).map((r) => r.action)).not.toContain('auth.sign_in')
  })

  it('signs in with a code from the app, once: the same code is refused the second time', async () => {
    const m = await member()
    const { secret } = await enrolTwoFactor(m.id)
    const code = nextCode(secret)
    const first = await secondStep(m, code)
    expect(first).toMatchObject({ ok: true, staff: { id: m.id, role: 'coordinator' } })
    expect(await secondStep(m, code)).toEqual({ ok: false, reason: 'wrong_code' })
    const actions = await auditOf(m.id)
    expect(actions).toContainEqual({ action: 'auth.sign_in', details: { method: 'totp' } })
    expect(actions.at(-1)).toEqual({
      action: 'auth.sign_in_failed',
      details: { reason: 'wrong_code' },
    })
  })

  it('refuses a code older than the last one used', async () => {
    const m = await member()
    const { secret } = await enrolTwoFactor(m.id)
    // Enrolment spent the current step; the step before it is now too old.
    expect(await secondStep(m, nextCode(secret, -1))).toEqual({ ok: false, reason: 'wrong_code' })
  })

  it('signs in with a recovery code, typed any way, once', async () => {
    const m = await member()
    const { recoveryCodes } = await enrolTwoFactor(m.id)
    const typed = recoveryCodes[3]!.toLowerCase().replace(/-/g, ' ')
    expect((await secondStep(m, typed)).ok).toBe(true)
    expect(await secondStep(m, recoveryCodes[3]!)).toEqual({ ok: false, reason: 'wrong_code' })
    expect((await secondStep(m, recoveryCodes[4]!)).ok).toBe(true)
    signInAs(m)
    const page = await account.loadTwoFactorPage()
    expect(page.status).toMatchObject({ enabled: true, recoveryCodesLeft: 8 })
  })

  it(`locks the address out after ${MAX_FAILED_SIGN_INS} wrong codes; a right one from there then fails too`, async () => {
    const m = await member()
    const { secret } = await enrolTwoFactor(m.id)
    const address = freshAddress()
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      expect(await secondStep(m, String(100000 + i), address)).toEqual({
        ok: false,
        reason: 'wrong_code',
      })
    }
    expect(await secondStep(m, nextCode(secret), address)).toEqual({ ok: false, reason: 'locked' })
    expect((await auditOf(m.id)).map((r) => r.action)).toContain('auth.lockout')
  })

  it('voids the challenge when the session version moved on (reset, role change, deactivation)', async () => {
    const m = await member()
    const { secret } = await enrolTwoFactor(m.id)
    await (
      await getDb()
    )
      .update(staff)
      .set({ sessionVersion: m.sessionVersion + 1 })
      .where(eq(staff.id, m.id))
    expect(await secondStep(m, nextCode(secret))).toEqual({ ok: false, reason: 'challenge_void' })
  })

  it('refuses a deactivated account at the code step', async () => {
    const m = await member()
    const { secret } = await enrolTwoFactor(m.id)
    await (await getDb()).update(staff).set({ active: false }).where(eq(staff.id, m.id))
    expect(await secondStep(m, nextCode(secret))).toEqual({ ok: false, reason: 'inactive' })
  })

  it('lets two racing requests with the same code win once between them', async () => {
    const m = await member()
    const { secret } = await enrolTwoFactor(m.id)
    const code = nextCode(secret)
    const db = await getDb()
    const account = { id: m.id, totpSecret: (await rowOf(m.id)).totpSecret }
    const results = await Promise.all([
      db.transaction((tx) => consumeSecondFactor(tx, account, code)),
      db.transaction((tx) => consumeSecondFactor(tx, account, code)),
    ])
    expect(results.filter((r) => r === 'totp')).toHaveLength(1)
  })
})

describe('session renewal after a change of the member', () => {
  it('issues the session for the exact version only, and only while the account may sign in', async () => {
    const m = await member()
    const db = await getDb()
    expect(await checkRenewal(db, challengeOf(m), false)).toMatchObject({ ok: true })
    expect(
      await checkRenewal(db, { staffId: m.id, sessionVersion: m.sessionVersion + 1 }, false),
    ).toEqual({ ok: false, reason: 'challenge_void' })
    await db.update(staff).set({ active: false }).where(eq(staff.id, m.id))
    expect(await checkRenewal(db, challengeOf(m), false)).toEqual({
      ok: false,
      reason: 'inactive',
    })
  })
})

describe("the member's own settings", () => {
  it('new recovery codes need a code from the app; the old codes stop working', async () => {
    const m = await member()
    const { secret, recoveryCodes } = await enrolTwoFactor(m.id)
    signInAs(m)
    expect(await account.regenerateRecoveryCodes(recoveryCodes[0]!)).toEqual({
      ok: false,
      message: account.WRONG_CODE,
    })
    const renewed = await account.regenerateRecoveryCodes(nextCode(secret))
    expect(renewed.ok).toBe(true)
    expect(await secondStep(m, recoveryCodes[0]!)).toEqual({ ok: false, reason: 'wrong_code' })
    expect((await secondStep(m, renewed.ok ? renewed.recoveryCodes[0]! : '')).ok).toBe(true)
  })

  it('new recovery codes: checks at most 5 of 20 concurrent codes; the right one is refused', async () => {
    const m = await member()
    const { secret } = await enrolTwoFactor(m.id)
    signInAs(m)
    const codes = [...Array.from({ length: 19 }, (_, i) => String(100000 + i)), nextCode(secret)]
    // The lock that the fifth wrong code sets also ends this session: later calls may be sent
    // to /session-ended instead of answered.
    const outcomes = await Promise.all(
      codes.map((code) => account.regenerateRecoveryCodes(code).catch((error: unknown) => error)),
    )
    expect(outcomes.filter((o) => (o as { ok?: boolean }).ok === true)).toHaveLength(0)
    expect((await rowOf(m.id)).failedLoginCount).toBeLessThanOrEqual(MAX_FAILED_SIGN_INS)
    const actions = (await auditOf(m.id)).map((r) => r.action)
    expect(actions).not.toContain('auth.recovery_codes_replaced')
    expect(actions).toContain('auth.lockout')
  })

  it(`turning it off: wrong codes count towards the lockout; after ${MAX_FAILED_SIGN_INS} the right one is refused`, async () => {
    const m = await member()
    const { recoveryCodes } = await enrolTwoFactor(m.id)
    signInAs(m)
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      expect(
        await account.turnOffTwoFactor({ currentPassword: PASSWORD, code: String(100000 + i) }),
      ).toEqual({ ok: false, field: 'code', message: account.WRONG_CODE })
    }
    // The lock ended the session; signed in again, the address is still locked out.
    expect(await outcomeOf(() => requireStaff())).toBe('redirect:/session-ended')
    signInAs({ ...m, sessionVersion: (await rowOf(m.id)).sessionVersion })
    const locked = await account.turnOffTwoFactor({
      currentPassword: PASSWORD,
      code: recoveryCodes[0]!,
    })
    expect(locked.ok).toBe(false)
    expect((await rowOf(m.id)).totpEnabledAt).not.toBeNull()
    expect(await account.regenerateRecoveryCodes('123456')).toEqual({
      ok: false,
      message: TOO_MANY_CODES_MESSAGE,
    })
  })

  it('turning it off needs the current password and a code', async () => {
    const m = await member()
    const { recoveryCodes } = await enrolTwoFactor(m.id)
    signInAs(m)
    expect(
      await account.turnOffTwoFactor({ currentPassword: 'wrong', code: recoveryCodes[0]! }),
    ).toMatchObject({ ok: false, field: 'currentPassword' })
    expect(await account.turnOffTwoFactor({ currentPassword: PASSWORD, code: '000000' })).toEqual({
      ok: false,
      field: 'code',
      message: account.WRONG_CODE,
    })
    expect((await rowOf(m.id)).totpEnabledAt).not.toBeNull()
    expect(
      await account.turnOffTwoFactor({ currentPassword: PASSWORD, code: recoveryCodes[0]! }),
    ).toEqual({ ok: true })
    const row = await rowOf(m.id)
    expect(row).toMatchObject({ totpSecret: null, totpEnabledAt: null })
    // The password alone signs in again.
    const result = await checkCredentials(await getDb(), {
      email: m.email,
      password: PASSWORD,
      clientAddress: freshAddress(),
      demoMode: false,
    })
    expect(result.ok).toBe(true)
  })

  it('where the server requires it, an admin must enrol first and cannot turn it off', async () => {
    process.env.AUGMENT_REQUIRE_2FA = 'admins'
    const admin = await member({ role: 'admin' })
    signInAs(admin)
    expect(await outcomeOf(() => requireStaff())).toBe('redirect:/account/two-factor')
    expect(await outcomeOf(() => requireStaff({ allowTwoFactorSetup: true }))).toBe('allowed')
    const coordinator = await member()
    signInAs(coordinator)
    expect(await outcomeOf(() => requireStaff())).toBe('allowed')

    const { recoveryCodes } = await enrolTwoFactor(admin.id)
    signInAs(admin)
    expect(await outcomeOf(() => requireStaff())).toBe('allowed')
    expect(
      await account.turnOffTwoFactor({ currentPassword: PASSWORD, code: recoveryCodes[0]! }),
    ).toEqual({ ok: false, message: account.TWO_FACTOR_REQUIRED_MESSAGE })
    expect((await account.loadTwoFactorPage()).required).toBe(true)
  })

  it('shows the setup with a QR code and the key to type, until it is confirmed', async () => {
    const m = await member()
    signInAs(m)
    expect((await account.loadTwoFactorPage()).setup).toBeNull()
    await account.beginTwoFactorSetup()
    const { setup, status } = await account.loadTwoFactorPage()
    expect(status.enabled).toBe(false)
    expect(setup?.qrSvg).toMatch(/^<svg[^>]*>.*<\/svg>\s*$/s)
    expect(setup?.manualKey).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/)
  })
})
