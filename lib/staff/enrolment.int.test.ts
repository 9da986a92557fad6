import crypto from 'node:crypto'
import { and, desc, eq } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import { auditLog, clinicalAccessGrants, staff, staffEnrolmentLinks } from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { fieldError } from '@/lib/action-result'
import { checkCredentials } from '@/lib/auth/credentials'
import { hashPassword, verifyPassword } from '@/lib/auth/password'
import { PASSWORD_MESSAGES } from '@/lib/auth/password-check'
import { MAX_FAILED_SIGN_INS } from '@/lib/auth/policy'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'

vi.mock('@/lib/auth', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)

const { addStaffMember, changeStaffRole, deactivateStaff, reactivateStaff, resetStaffPassword } =
  await import('./mutations')
const { loadEnrolment, redeemEnrolmentLink, ENROLMENT_LINK_CLOSED_MESSAGE } =
  await import('./enrolment-links')
const { acknowledgeClinicalAccess, listPendingClinicalAccess, ALREADY_ACKNOWLEDGED_MESSAGE } =
  await import('./clinical-access')
const { requireStaff } = await import('@/lib/auth/session')

type Member = Awaited<ReturnType<typeof insertStaff>>
const OWN_PASSWORD = 'a passphrase only the member knows'

let admin: Member
let physician: Member
let coordinator: Member
let counter = 0

beforeAll(async () => {
  const db = await getDb()
  const hash = await hashPassword('the original password here')
  admin = await insertStaff(db, hash, { role: 'admin' })
  physician = await insertStaff(db, hash, { role: 'physician' })
  coordinator = await insertStaff(db, hash, { role: 'coordinator' })
})

beforeEach(() => {
  signInAs(null)
  process.env.AUGMENT_REQUIRE_2FA = 'off'
})

/** An admin adds a member; returns their id and the link's token. */
async function added(role: 'coordinator' | 'physician' | 'admin' = 'coordinator') {
  signInAs(admin)
  const n = ++counter
  const result = await addStaffMember({
    name: `New Member ${n}`,
    email: `new.member.${n}@clinic.test`,
    role,
  })
  signInAs(null)
  if (!result.ok) throw new Error(result.message)
  return {
    id: result.data.id,
    email: `new.member.${n}@clinic.test`,
    token: result.data.enrolmentLink.replace('/enrol/', ''),
  }
}

async function auditOf(staffId: string) {
  const db = await getDb()
  return db.select().from(auditLog).where(eq(auditLog.entityId, staffId)).orderBy(desc(auditLog.id))
}

const signIn = async (email: string, password: string) =>
  checkCredentials(await getDb(), {
    email,
    password,
    clientAddress: '198.51.100.30',
    demoMode: false,
  })

describe('enrolment links', () => {
  it('are 256-bit random tokens, stored only as their SHA-256, valid for 24 hours', async () => {
    const member = await added()
    expect(member.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    const db = await getDb()
    const [link] = await db
      .select()
      .from(staffEnrolmentLinks)
      .where(eq(staffEnrolmentLinks.staffId, member.id))
    expect(link!.tokenHash).toBe(crypto.createHash('sha256').update(member.token).digest('hex'))
    expect(JSON.stringify(link)).not.toContain(member.token)
    expect(JSON.stringify(await auditOf(member.id))).not.toContain(member.token)
    const hours = (link!.expiresAt.getTime() - link!.createdAt.getTime()) / 3_600_000
    expect(hours).toBeGreaterThan(23.9)
    expect(hours).toBeLessThan(24.1)
  })

  it('let the member set their own password once; the password then signs in', async () => {
    const member = await added()
    expect(await loadEnrolment(member.token)).toMatchObject({ open: true, email: member.email })
    const used = await redeemEnrolmentLink({ token: member.token, newPassword: OWN_PASSWORD })
    expect(used).toMatchObject({ ok: true, staffId: member.id, role: 'coordinator' })
    expect((await signIn(member.email, OWN_PASSWORD)).ok).toBe(true)
    const enrolled = (await auditOf(member.id)).find((entry) => entry.action === 'staff.enrolled')
    expect(enrolled).toMatchObject({
      action: 'staff.enrolled',
      actorId: member.id,
      actorEmail: member.email,
      ipAddress: '203.0.113.7',
    })

    // Used: the page and a second use are refused, and each refusal is audited.
    expect(await loadEnrolment(member.token)).toEqual({ open: false })
    expect(
      await redeemEnrolmentLink({ token: member.token, newPassword: 'someone else was quicker' }),
    ).toEqual({ ok: false, message: ENROLMENT_LINK_CLOSED_MESSAGE })
    const refusals = (await auditOf(member.id)).filter(
      (entry) => entry.action === 'staff.enrolment_link_refused',
    )
    expect(refusals).toHaveLength(2)
    expect(refusals[0]).toMatchObject({ details: { reason: 'used' } })
    expect((await signIn(member.email, 'someone else was quicker')).ok).toBe(false)
  })

  it('a spent link reloaded again and again is audited once a minute', async () => {
    const member = await added()
    expect((await redeemEnrolmentLink({ token: member.token, newPassword: OWN_PASSWORD })).ok).toBe(
      true,
    )
    for (let i = 0; i < 3; i++) expect(await loadEnrolment(member.token)).toEqual({ open: false })
    await Promise.all(Array.from({ length: 5 }, () => loadEnrolment(member.token)))
    const refusals = (await auditOf(member.id)).filter(
      (entry) => entry.action === 'staff.enrolment_link_refused',
    )
    expect(refusals).toHaveLength(1)
    expect(refusals[0]).toMatchObject({ details: { reason: 'used' } })
  })

  it('setting the password clears the sign-in attempts made against the account', async () => {
    const member = await added()
    // Someone guessing at the enrolling account locks their address out of it.
    for (let i = 0; i < MAX_FAILED_SIGN_INS; i++) {
      expect((await signIn(member.email, `a guess at it number ${i}`)).ok).toBe(false)
    }
    expect(await signIn(member.email, OWN_PASSWORD)).toEqual({ ok: false, reason: 'locked' })
    expect((await redeemEnrolmentLink({ token: member.token, newPassword: OWN_PASSWORD })).ok).toBe(
      true,
    )
    expect((await signIn(member.email, OWN_PASSWORD)).ok).toBe(true)
  })

  it('of two concurrent uses, exactly one wins', async () => {
    const member = await added()
    const passwords = ['the first racer passphrase', 'the second racer passphrase']
    const results = await Promise.all(
      passwords.map((newPassword) => redeemEnrolmentLink({ token: member.token, newPassword })),
    )
    expect(results.filter((result) => result.ok)).toHaveLength(1)
    expect(results.filter((result) => !result.ok)).toEqual([
      { ok: false, message: ENROLMENT_LINK_CLOSED_MESSAGE },
    ])
    const winner = passwords[results.findIndex((result) => result.ok)]!
    const loser = passwords.find((password) => password !== winner)!
    const db = await getDb()
    const [row] = await db.select().from(staff).where(eq(staff.id, member.id))
    expect(await verifyPassword(row!.passwordHash, winner)).toBe(true)
    expect(await verifyPassword(row!.passwordHash, loser)).toBe(false)
    const enrolled = (await auditOf(member.id)).filter((entry) => entry.action === 'staff.enrolled')
    expect(enrolled).toHaveLength(1)
  })

  it('refuse an expired link, audited, and set nothing', async () => {
    const member = await added()
    const db = await getDb()
    await db
      .update(staffEnrolmentLinks)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(staffEnrolmentLinks.staffId, member.id))
    expect(await loadEnrolment(member.token)).toEqual({ open: false })
    expect(await redeemEnrolmentLink({ token: member.token, newPassword: OWN_PASSWORD })).toEqual({
      ok: false,
      message: ENROLMENT_LINK_CLOSED_MESSAGE,
    })
    const [refused] = await auditOf(member.id)
    expect(refused).toMatchObject({
      action: 'staff.enrolment_link_refused',
      details: { reason: 'expired' },
    })
    expect((await signIn(member.email, OWN_PASSWORD)).ok).toBe(false)
  })

  it('refuse an unknown or malformed token without touching anything', async () => {
    for (const token of ['', 'nope', crypto.randomBytes(32).toString('base64url')]) {
      expect(await loadEnrolment(token)).toEqual({ open: false })
      expect(await redeemEnrolmentLink({ token, newPassword: OWN_PASSWORD })).toEqual({
        ok: false,
        message: ENROLMENT_LINK_CLOSED_MESSAGE,
      })
    }
  })

  it('hold the password to the policy: 15 characters without two-factor, no keyboard walks', async () => {
    const member = await added()
    expect(
      await redeemEnrolmentLink({ token: member.token, newPassword: 'fourteen chars' }),
    ).toEqual(fieldError('newPassword', PASSWORD_MESSAGES.tooShortSingleFactor))
    expect(
      await redeemEnrolmentLink({ token: member.token, newPassword: 'zaq12wsxcde34rfv' }),
    ).toEqual(fieldError('newPassword', PASSWORD_MESSAGES.keyboardWalk))
    const local = member.email.split('@')[0]!
    expect(
      await redeemEnrolmentLink({ token: member.token, newPassword: `hello ${local} again` }),
    ).toEqual(fieldError('newPassword', PASSWORD_MESSAGES.emailName))
    // Still open after refusals of the password.
    expect(await loadEnrolment(member.token)).toMatchObject({ open: true })
  })

  it('a reset voids the older link and the old password; the new link works', async () => {
    const member = await added()
    expect((await redeemEnrolmentLink({ token: member.token, newPassword: OWN_PASSWORD })).ok).toBe(
      true,
    )
    signInAs(admin)
    const first = await resetStaffPassword({ staffId: member.id })
    const second = await resetStaffPassword({ staffId: member.id })
    signInAs(null)
    if (!first.ok || !second.ok) throw new Error('reset refused')
    expect((await signIn(member.email, OWN_PASSWORD)).ok).toBe(false)
    const older = first.data.enrolmentLink.replace('/enrol/', '')
    const newer = second.data.enrolmentLink.replace('/enrol/', '')
    expect(await redeemEnrolmentLink({ token: older, newPassword: OWN_PASSWORD })).toEqual({
      ok: false,
      message: ENROLMENT_LINK_CLOSED_MESSAGE,
    })
    expect((await auditOf(member.id))[0]).toMatchObject({
      action: 'staff.enrolment_link_refused',
      details: { reason: 'voided' },
    })
    const again = 'another passphrase of my own'
    expect((await redeemEnrolmentLink({ token: newer, newPassword: again })).ok).toBe(true)
    expect((await signIn(member.email, again)).ok).toBe(true)
  })

  it('where two-factor is required, the enrolled member is sent to set it up first', async () => {
    const member = await added('physician')
    const used = await redeemEnrolmentLink({ token: member.token, newPassword: OWN_PASSWORD })
    if (!used.ok) throw new Error(used.message)
    process.env.AUGMENT_REQUIRE_2FA = 'all'
    signInAs({ id: member.id, role: 'physician', sessionVersion: used.sessionVersion })
    expect(await outcomeOf(() => requireStaff())).toBe('redirect:/account/two-factor')
    process.env.AUGMENT_REQUIRE_2FA = 'off'
    expect(await outcomeOf(() => requireStaff())).toBe('allowed')
  })
})

describe('new clinical access', () => {
  async function pendingFor(staffId: string) {
    const db = await getDb()
    return db
      .select()
      .from(clinicalAccessGrants)
      .where(and(eq(clinicalAccessGrants.staffId, staffId)))
  }

  it('lists a new clinical login and a role change into a clinical role, not an admin login', async () => {
    const newCoordinator = await added('coordinator')
    const newAdmin = await added('admin')
    expect(await pendingFor(newAdmin.id)).toEqual([])

    signInAs(admin)
    const promoted = await insertStaff(await getDb(), 'x', { role: 'admin' })
    expect(
      await changeStaffRole({ staffId: promoted.id, currentRole: 'admin', role: 'physician' }),
    ).toEqual({ ok: true, data: undefined })
    expect(
      await changeStaffRole({ staffId: newAdmin.id, currentRole: 'admin', role: 'admin' }),
    ).toMatchObject({ ok: false })

    signInAs(physician)
    const pending = await listPendingClinicalAccess()
    expect(pending).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          memberEmail: newCoordinator.email,
          kind: 'created',
          role: 'coordinator',
          fromRole: null,
          grantedByEmail: admin.email,
          grantedByName: admin.name,
        }),
        expect.objectContaining({
          memberEmail: promoted.email,
          kind: 'role_changed',
          role: 'physician',
          fromRole: 'admin',
          grantedByEmail: admin.email,
        }),
      ]),
    )
    expect(pending.map((grant) => grant.memberEmail)).not.toContain(newAdmin.email)
  })

  it('only a physician sees and acknowledges it, once, audited with their name', async () => {
    const member = await added('coordinator')
    const [grant] = await pendingFor(member.id)
    const db = await getDb()

    for (const [who, expected] of [
      [null, 'redirect:/login'],
      [coordinator, 'http:403'],
      [admin, 'http:403'],
    ] as const) {
      signInAs(who)
      expect(await outcomeOf(() => listPendingClinicalAccess())).toBe(expected)
      expect(await outcomeOf(() => acknowledgeClinicalAccess({ grantId: grant!.id }))).toBe(
        expected,
      )
    }
    expect((await pendingFor(member.id))[0]!.acknowledgedAt).toBeNull()

    signInAs(physician)
    expect(await acknowledgeClinicalAccess({ grantId: grant!.id })).toEqual({ ok: true })
    const [after] = await pendingFor(member.id)
    expect(after).toMatchObject({ acknowledgedBy: physician.id, acknowledgedAt: expect.any(Date) })
    const [entry] = await db
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'staff.clinical_access_acknowledged'))
      .orderBy(desc(auditLog.id))
      .limit(1)
    expect(entry).toMatchObject({
      entityId: member.id,
      actorId: physician.id,
      actorEmail: physician.email,
      details: { grantId: grant!.id, role: 'coordinator', grantedBy: admin.email },
    })
    expect((await listPendingClinicalAccess()).map((g) => g.id)).not.toContain(grant!.id)
    expect(await acknowledgeClinicalAccess({ grantId: grant!.id })).toEqual({
      ok: false,
      message: ALREADY_ACKNOWLEDGED_MESSAGE,
    })
  })

  it('lists a reactivated clinical login and a password reset of one, not of an admin', async () => {
    const db = await getDb()
    const reactivated = await insertStaff(db, 'x', { role: 'physician', active: false })
    const reset = await insertStaff(db, 'x', { role: 'coordinator' })
    const admin2 = await insertStaff(db, 'x', { role: 'admin', active: false })
    signInAs(admin)
    expect(await reactivateStaff({ staffId: reactivated.id })).toEqual({
      ok: true,
      data: undefined,
    })
    expect((await resetStaffPassword({ staffId: reset.id })).ok).toBe(true)
    expect(await reactivateStaff({ staffId: admin2.id })).toEqual({ ok: true, data: undefined })
    expect((await resetStaffPassword({ staffId: admin2.id })).ok).toBe(true)
    expect(await pendingFor(admin2.id)).toEqual([])

    signInAs(physician)
    const pending = await listPendingClinicalAccess()
    expect(pending).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          memberEmail: reactivated.email,
          kind: 'reactivated',
          role: 'physician',
          fromRole: null,
          grantedByEmail: admin.email,
        }),
        expect.objectContaining({
          memberEmail: reset.email,
          kind: 'password_reset',
          role: 'coordinator',
          fromRole: null,
          grantedByEmail: admin.email,
        }),
      ]),
    )
    // Deactivating opens nothing: no grant.
    signInAs(admin)
    expect(await deactivateStaff({ staffId: reset.id })).toEqual({ ok: true, data: undefined })
    expect(await pendingFor(reset.id)).toHaveLength(1)
  })

  it('a physician neither sees nor acknowledges their own; another physician does', async () => {
    const member = await added('physician')
    const [grant] = await pendingFor(member.id)
    const [row] = await (await getDb()).select().from(staff).where(eq(staff.id, member.id))
    signInAs(row!)
    expect((await listPendingClinicalAccess()).map((g) => g.id)).not.toContain(grant!.id)
    expect(await acknowledgeClinicalAccess({ grantId: grant!.id })).toEqual({
      ok: false,
      message: ALREADY_ACKNOWLEDGED_MESSAGE,
    })
    expect((await pendingFor(member.id))[0]!.acknowledgedAt).toBeNull()

    signInAs(physician)
    expect((await listPendingClinicalAccess()).map((g) => g.id)).toContain(grant!.id)
    expect(await acknowledgeClinicalAccess({ grantId: grant!.id })).toEqual({ ok: true })
  })
})
