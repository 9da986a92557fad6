import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import {
  auditLog,
  followUps,
  imagingOrders,
  patientAccessGrants,
  patientRestrictionChanges,
  patients,
  procedures,
  type NewPatient,
} from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'
import { updatePatientSchema } from './schemas'

vi.mock('@/lib/auth', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)
const {
  restrictPatient,
  unrestrictPatient,
  grantAccess,
  revokeAccess,
  breakGlass,
  NOTHING_TO_REVOKE_MESSAGE,
} = await import('./restricted')
const { getPatientRecord, getPatientForEdit } = await import('./record')
const { updatePatient, RESTRICTED_REASSIGNMENT_MESSAGE } = await import('./mutations')
const { addFracture } = await import('@/lib/fractures/mutations')
const { recordFollowUp } = await import('@/lib/follow-ups/mutations')
const { completeImaging } = await import('@/lib/imaging/mutations')

// How restricted records refuse, audit and hand out access, beyond restricted.int.test.ts's walk
// through one record: each test makes its own record and members.

type Member = Awaited<ReturnType<typeof insertStaff>>
const REASON = 'Staff member of this clinic, treated here'
const GLASS_REASON = 'Covering the emergency call tonight for Dr. A'

const member = async (role: Member['role'] = 'coordinator') =>
  insertStaff(await getDb(), 'unused', { role })

let counter = 0

/** A restricted record assigned to a new physician; returns it with its physician. */
async function restrictedRecord() {
  const db = await getDb()
  const assigned = await member('physician')
  const fields: NewPatient = {
    mrn: `RA${String(++counter).padStart(6, '0')}`,
    firstName: 'Ada',
    lastName: 'Restricted',
    dateOfBirth: '1950-03-04',
    sex: 'female',
    referralDate: '2026-10-01',
    referringPhysician: 'Dr. Outside',
    assignedPhysicianId: assigned.id,
    etiology: 'osteoporotic',
    status: 'evaluation',
  }
  const [row] = await db.insert(patients).values(fields).returning({ id: patients.id })
  signInAs(assigned)
  expect(await restrictPatient(row!.id, REASON)).toMatchObject({ ok: true })
  signInAs(null)
  return { id: row!.id, assigned }
}

async function auditRows(actorId: string, patientId: string) {
  return (await getDb())
    .select({ action: auditLog.action, details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.actorId, actorId), eq(auditLog.entityId, patientId)))
    .orderBy(auditLog.id)
}

const refusalsOf = async (actorId: string, patientId: string) =>
  (await auditRows(actorId, patientId)).filter((row) => row.action === 'record.restricted_refused')

const fracture = {
  level: 'L2' as const,
  heightLossPct: 30,
  mriEdema: 'yes' as const,
  kyphoticAngleDeg: null,
  diagnosedOn: null,
  morphology: null,
  fractureAgeWeeks: null,
  posteriorWallInvolved: false,
  retropulsion: false,
}

beforeEach(() => signInAs(null))

describe('refusals of a restricted record', () => {
  it('a refused write is audited as refused (the 403 rolls the write back, not the audit row)', async () => {
    const record = await restrictedRecord()
    const outsider = await member()
    signInAs(outsider)
    expect(await outcomeOf(() => addFracture(record.id, fracture))).toBe('http:403')
    expect(await refusalsOf(outsider.id, record.id)).toEqual([
      { action: 'record.restricted_refused', details: { refused: 'write' } },
    ])
  })

  it('a refused change of access is audited as refused', async () => {
    const record = await restrictedRecord()
    const glass = await member()
    const outsider = await member()
    signInAs(glass)
    expect(await breakGlass(record.id, GLASS_REASON)).toMatchObject({ ok: true })
    expect(
      await outcomeOf(() =>
        grantAccess({ patientId: record.id, staffId: glass.id, reason: REASON }),
      ),
    ).toBe('http:403')
    expect(await refusalsOf(glass.id, record.id)).toEqual([
      { action: 'record.restricted_refused', details: { refused: 'manage_access' } },
    ])
    signInAs(outsider)
    expect(await outcomeOf(() => restrictPatient(record.id, REASON))).toBe('http:403')
    expect(await refusalsOf(outsider.id, record.id)).toEqual([
      { action: 'record.restricted_refused', details: { refused: 'manage_access' } },
    ])
  })

  it('are audited once a minute per member and record, however often they are repeated', async () => {
    const record = await restrictedRecord()
    const other = await restrictedRecord()
    const outsider = await member()
    const second = await member()
    signInAs(outsider)
    const opening = `redirect:/candidates/${record.id}/restricted`
    for (let i = 0; i < 3; i++) {
      expect(await outcomeOf(() => getPatientRecord(record.id))).toBe(opening)
      expect(await outcomeOf(() => addFracture(record.id, fracture))).toBe('http:403')
    }
    await Promise.all(Array.from({ length: 5 }, () => outcomeOf(() => getPatientRecord(record.id))))
    expect(await refusalsOf(outsider.id, record.id)).toEqual([
      { action: 'record.restricted_refused', details: { refused: 'open' } },
    ])
    // Another record, or another member, is another refusal.
    expect(await outcomeOf(() => getPatientRecord(other.id))).toMatch(/^redirect:/)
    expect(await refusalsOf(outsider.id, other.id)).toHaveLength(1)
    signInAs(second)
    expect(await outcomeOf(() => getPatientRecord(record.id))).toBe(opening)
    expect(await refusalsOf(second.id, record.id)).toHaveLength(1)
  })
})

describe('reassigning a restricted record', () => {
  /** The edit form as `member` opens it, with `changes`, as the action parses it. */
  async function editedBy(member: Member, id: string, changes: Record<string, string>) {
    signInAs(member)
    const { values } = await getPatientForEdit(id)
    return updatePatientSchema.parse({ ...values, ...changes })
  }
  const physicianOf = async (id: string) =>
    (
      await (
        await getDb()
      )
        .select({ physician: patients.assignedPhysicianId })
        .from(patients)
        .where(eq(patients.id, id))
    )[0]!.physician

  it('is refused to a break-glass access, which may still edit the rest', async () => {
    const record = await restrictedRecord()
    const glass = await member()
    const elsewhere = await member('physician')
    signInAs(glass)
    expect(await breakGlass(record.id, GLASS_REASON)).toMatchObject({ ok: true })

    const reassigned = await editedBy(glass, record.id, { assignedPhysicianId: elsewhere.id })
    expect(await updatePatient(reassigned)).toEqual({
      ok: false,
      message: 'Please correct the highlighted fields.',
      fieldErrors: { assignedPhysicianId: [RESTRICTED_REASSIGNMENT_MESSAGE] },
    })
    expect(await physicianOf(record.id)).toBe(record.assigned.id)

    const phoned = await editedBy(glass, record.id, { phone: '555 0100' })
    expect(await updatePatient(phoned)).toEqual({ ok: true, data: { id: record.id } })
  })

  it('is allowed to the assigned physician and to a member with a standing grant', async () => {
    const record = await restrictedRecord()
    const granted = await member()
    const next = await member('physician')
    signInAs(record.assigned)
    expect(
      await grantAccess({ patientId: record.id, staffId: granted.id, reason: REASON }),
    ).toMatchObject({ ok: true })
    const byGrant = await editedBy(granted, record.id, { assignedPhysicianId: next.id })
    expect(await updatePatient(byGrant)).toEqual({ ok: true, data: { id: record.id } })
    expect(await physicianOf(record.id)).toBe(next.id)
    // The new physician manages the record now and may hand it back.
    const back = await editedBy(next, record.id, { assignedPhysicianId: record.assigned.id })
    expect(await updatePatient(back)).toEqual({ ok: true, data: { id: record.id } })
    expect(await physicianOf(record.id)).toBe(record.assigned.id)
  })
})

describe('the reasons given', () => {
  it('stay with the record: the audit log says a reason was given, History shows it', async () => {
    const record = await restrictedRecord()
    const granted = await member()
    const glass = await member()
    const GRANT_REASON = 'Covers the clinic while Dr. B is away'
    const LIFT_REASON = 'Patient asked for the flag to be removed'
    signInAs(record.assigned)
    expect(
      await grantAccess({ patientId: record.id, staffId: granted.id, reason: GRANT_REASON }),
    ).toMatchObject({ ok: true })
    signInAs(glass)
    expect(await breakGlass(record.id, GLASS_REASON)).toMatchObject({ ok: true })
    signInAs(record.assigned)
    const history = (await getPatientRecord(record.id)).auditEntries
    expect(await unrestrictPatient(record.id, LIFT_REASON)).toMatchObject({ ok: true })

    // What admins read on /admin/audit and export: no reason's words.
    const audited = await (
      await getDb()
    )
      .select({ action: auditLog.action, details: auditLog.details })
      .from(auditLog)
      .where(eq(auditLog.entityId, record.id))
    const text = JSON.stringify(audited)
    for (const reason of [REASON, GRANT_REASON, GLASS_REASON, LIFT_REASON]) {
      expect(text).not.toContain(reason)
    }
    const given = { reasonGiven: true, reasonLength: expect.any(Number) }
    for (const action of [
      'patient.restricted',
      'patient.access_granted',
      'record.break_glass',
      'patient.unrestricted',
    ]) {
      expect(audited.find((row) => row.action === action)?.details).toMatchObject(given)
    }

    // Those who may open the record read them in its History.
    expect(
      history.filter((entry) => entry.reason !== null).map((entry) => [entry.action, entry.reason]),
    ).toEqual([
      ['record.break_glass', GLASS_REASON],
      ['patient.access_granted', GRANT_REASON],
      ['patient.restricted', REASON],
    ])
    // The lifting reason is kept too.
    const changes = await (
      await getDb()
    )
      .select({
        restricted: patientRestrictionChanges.restricted,
        reason: patientRestrictionChanges.reason,
      })
      .from(patientRestrictionChanges)
      .where(eq(patientRestrictionChanges.patientId, record.id))
      .orderBy(patientRestrictionChanges.changedAt)
    expect(changes).toEqual([
      { restricted: true, reason: REASON },
      { restricted: false, reason: LIFT_REASON },
    ])
  })
})

describe('lifting the restriction', () => {
  it('revokes every grant and break-glass access: restricting again starts afresh', async () => {
    const record = await restrictedRecord()
    const granted = await member()
    const glass = await member()
    signInAs(record.assigned)
    expect(
      await grantAccess({ patientId: record.id, staffId: granted.id, reason: REASON }),
    ).toMatchObject({ ok: true })
    signInAs(glass)
    expect(await breakGlass(record.id, GLASS_REASON)).toMatchObject({ ok: true })

    signInAs(record.assigned)
    expect(await unrestrictPatient(record.id, 'Patient asked for the flag to be removed')).toEqual({
      ok: true,
      data: { patientId: record.id },
    })
    const grants = await (
      await getDb()
    )
      .select({ staffId: patientAccessGrants.staffId, revokedAt: patientAccessGrants.revokedAt })
      .from(patientAccessGrants)
      .where(eq(patientAccessGrants.patientId, record.id))
    expect(grants).toHaveLength(2)
    for (const grant of grants) expect(grant.revokedAt).toBeInstanceOf(Date)
    const [lifted] = (await auditRows(record.assigned.id, record.id)).filter(
      (row) => row.action === 'patient.unrestricted',
    )
    expect((lifted!.details as { revokedGrantIds: string[] }).revokedGrantIds).toHaveLength(2)

    expect(await restrictPatient(record.id, REASON)).toMatchObject({ ok: true })
    for (const former of [granted, glass]) {
      signInAs(former)
      expect(await outcomeOf(() => getPatientRecord(record.id))).toBe(
        `redirect:/candidates/${record.id}/restricted`,
      )
    }
  })
})

describe('revoking an access', () => {
  async function glassAccess(record: { id: string }) {
    const glass = await member()
    signInAs(glass)
    expect(await breakGlass(record.id, GLASS_REASON)).toMatchObject({ ok: true })
    const [grant] = await (
      await getDb()
    )
      .select({ id: patientAccessGrants.id })
      .from(patientAccessGrants)
      .where(
        and(
          eq(patientAccessGrants.patientId, record.id),
          eq(patientAccessGrants.staffId, glass.id),
        ),
      )
    return grant!.id
  }
  const revocations = async (record: { id: string; assigned: Member }) =>
    (await auditRows(record.assigned.id, record.id)).filter(
      (row) => row.action === 'patient.access_revoked',
    )

  it('that already ended changes nothing and audits nothing', async () => {
    const record = await restrictedRecord()
    const grantId = await glassAccess(record)
    await (
      await getDb()
    )
      .update(patientAccessGrants)
      .set({ expiresAt: new Date(Date.now() - 60_000) })
      .where(eq(patientAccessGrants.id, grantId))
    signInAs(record.assigned)
    expect(await revokeAccess(grantId)).toEqual({ ok: false, message: NOTHING_TO_REVOKE_MESSAGE })
    expect(await revocations(record)).toEqual([])
  })

  it('twice, or twice at once, revokes and audits once', async () => {
    const record = await restrictedRecord()
    const grantId = await glassAccess(record)
    signInAs(record.assigned)
    const outcomes = await Promise.all([revokeAccess(grantId), revokeAccess(grantId)])
    expect(outcomes).toContainEqual({ ok: true, data: { patientId: record.id } })
    expect(outcomes).toContainEqual({ ok: false, message: NOTHING_TO_REVOKE_MESSAGE })
    expect(await revokeAccess(grantId)).toEqual({ ok: false, message: NOTHING_TO_REVOKE_MESSAGE })
    expect(await revocations(record)).toHaveLength(1)
  })
})

describe('breaking the glass while the restriction is lifted', () => {
  it('leaves no running access on the unrestricted record, whichever comes first', async () => {
    const record = await restrictedRecord()
    const glass = await member()
    // The fake session is read when each call starts: each runs as its own member.
    signInAs(glass)
    const breaking = breakGlass(record.id, GLASS_REASON)
    signInAs(record.assigned)
    const lifting = unrestrictPatient(record.id, 'Patient asked for the flag to be removed')
    expect(await Promise.all([breaking, lifting])).toEqual([
      { ok: true, data: { patientId: record.id } },
      { ok: true, data: { patientId: record.id } },
    ])
    const running = await (
      await getDb()
    )
      .select({ id: patientAccessGrants.id })
      .from(patientAccessGrants)
      .where(
        and(
          eq(patientAccessGrants.patientId, record.id),
          isNull(patientAccessGrants.revokedAt),
          gt(patientAccessGrants.expiresAt, sql`now()`),
        ),
      )
    expect(running).toEqual([])
  })
})

describe("a restricted record's dates", () => {
  it('are not told to a member who may not see it: the write is refused first', async () => {
    const record = await restrictedRecord()
    const db = await getDb()
    const [order] = await db
      .insert(imagingOrders)
      .values({ patientId: record.id, modality: 'mri', orderedOn: '2026-11-20' })
      .returning({ id: imagingOrders.id })
    const [procedure] = await db
      .insert(procedures)
      .values({
        patientId: record.id,
        type: 'kyphoplasty',
        physicianId: record.assigned.id,
        anesthesia: 'local_sedation',
        approach: 'bipedicular',
        plannedLevels: ['L1'],
        disposition: 'same_day',
        status: 'completed',
        scheduledAt: new Date('2026-11-25T09:00:00Z'),
        performedAt: new Date('2026-11-25T10:00:00Z'),
      })
      .returning({ id: procedures.id })
    const [followUp] = await db
      .insert(followUps)
      .values({
        patientId: record.id,
        procedureId: procedure!.id,
        timepoint: 'd7',
        dueOn: '2026-12-02',
        windowStart: '2026-11-29',
        windowEnd: '2026-12-05',
      })
      .returning({ id: followUps.id, version: followUps.version })

    const outsider = await member()
    signInAs(outsider)
    // Dates outside the window and before the order: a member allowed in is told those dates.
    const assessment = {
      followUpId: followUp!.id,
      version: followUp!.version,
      assessedOn: '2026-11-01',
      painNrs: 3,
      odi: null,
      rmdq: null,
      analgesicUse: 'none' as const,
      mobility: 'independent' as const,
      newFracture: false,
      kyphoticAngleDeg: null,
      note: null,
    }
    expect(await outcomeOf(() => recordFollowUp(assessment))).toBe('http:403')
    expect(
      await outcomeOf(() =>
        completeImaging({ orderId: order!.id, completedOn: '2026-11-01', finding: 'None' }),
      ),
    ).toBe('http:403')
    expect(await refusalsOf(outsider.id, record.id)).toHaveLength(1)

    signInAs(record.assigned)
    expect(await recordFollowUp(assessment)).toMatchObject({
      ok: false,
      fieldErrors: { assessedOn: ["This assessment's window opens on 2026-11-29"] },
    })
    expect(
      await completeImaging({ orderId: order!.id, completedOn: '2026-11-01', finding: 'None' }),
    ).toMatchObject({ ok: false, fieldErrors: { completedOn: [expect.any(String)] } })
  })
})
