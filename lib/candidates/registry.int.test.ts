import { and, eq } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import { auditLog, candidacyAssessments, patients, patientStatusEvents } from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'
import { formatDate } from '@/lib/clinic-time'
import { todayIso } from '@/lib/dates'
import { candidateListParams } from './list-params'
import type { PatientFields } from './schemas'
import { QUALIFYING_FIELDS } from '@/lib/candidacy/testing/qualifying'

vi.mock('@/lib/auth', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)
const { createPatient, updatePatient, changeStatus } = await import('./mutations')
const { STALE_RECORD_MESSAGE } = await import('@/lib/commands/patient')
const { addFracture, updateFracture, removeFracture } = await import('@/lib/fractures/mutations')
const { orderImaging, completeImaging, addImagingFinding } = await import('@/lib/imaging/mutations')
const { recordDecision } = await import('@/lib/candidacy/mutations')
const { getPatientRecord } = await import('./record')
const { exportCandidatesCsv } = await import('./export')
const { overviewWorklists } = await import('@/lib/overview/worklists')
const { checklistSchema } = await import('@/lib/candidacy/schemas')

type Member = Awaited<ReturnType<typeof insertStaff>>
let coordinator: Member, physician: Member, admin: Member, retiredPhysician: Member

let mrnCounter = 0
const newMrn = () => `R${String(++mrnCounter).padStart(6, '0')}`
const patientInput = (overrides: Partial<PatientFields> = {}): PatientFields => ({
  mrn: newMrn(),
  firstName: 'Hazel',
  lastName: 'Winters',
  dateOfBirth: '1944-05-06',
  sex: 'female',
  phone: null,
  referralDate: '2026-11-01',
  referringPhysician: 'Dr. Outside',
  etiology: 'osteoporotic',
  assignedPhysicianId: physician.id,
  painOnsetDate: null,
  ...overrides,
})
const fracture = {
  level: 'L1' as const,
  heightLossPct: 32,
  mriEdema: 'yes' as const,
  kyphoticAngleDeg: 12,
  diagnosedOn: null,
  morphology: null,
  fractureAgeWeeks: null,
  posteriorWallInvolved: false,
  retropulsion: false,
}

async function createdPatientId(overrides: Partial<PatientFields> = {}) {
  signInAs(coordinator)
  const outcome = await createPatient(patientInput(overrides))
  if (!outcome.ok) throw new Error(outcome.message)
  return outcome.data.id
}
async function patientRow(id: string) {
  const [row] = await (await getDb()).select().from(patients).where(eq(patients.id, id))
  return row!
}
const qualifying = () => checklistSchema.parse(QUALIFYING_FIELDS)

beforeAll(async () => {
  const db = await getDb()
  coordinator = await insertStaff(db, 'unused', { role: 'coordinator' })
  physician = await insertStaff(db, 'unused', { role: 'physician' })
  admin = await insertStaff(db, 'unused', { role: 'admin' })
  retiredPhysician = await insertStaff(db, 'unused', { role: 'physician', active: false })
})
beforeEach(() => signInAs(coordinator))

describe('creating and editing patients', () => {
  it('creates a referred patient with its first status event and audit row', async () => {
    const id = await createdPatientId({ mrn: 'ab12cd' })
    expect(await patientRow(id)).toMatchObject({ mrn: 'ab12cd', status: 'referred', version: 1 })
    const db = await getDb()
    const events = await db
      .select()
      .from(patientStatusEvents)
      .where(eq(patientStatusEvents.patientId, id))
    expect(events).toMatchObject([
      { fromStatus: null, toStatus: 'referred', actorId: coordinator.id },
    ])
    const audits = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'patient.created')))
    expect(audits).toHaveLength(1)
  })

  it('lets exactly one of two simultaneous saves with the same MRN win', async () => {
    const mrn = newMrn()
    const results = await Promise.all([
      createPatient(patientInput({ mrn })),
      createPatient(patientInput({ mrn })),
    ])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    const loser = results.find((r) => !r.ok)
    expect(loser).toMatchObject({
      ok: false,
      fieldErrors: { mrn: [`A patient with MRN ${mrn} already exists`] },
    })
    const rows = await (await getDb()).select().from(patients).where(eq(patients.mrn, mrn))
    expect(rows).toHaveLength(1)
  })

  it('refuses an inactive physician as the assignee', async () => {
    const outcome = await createPatient(patientInput({ assignedPhysicianId: retiredPhysician.id }))
    expect(outcome).toMatchObject({
      ok: false,
      fieldErrors: { assignedPhysicianId: ['Choose an active physician'] },
    })
  })

  it('rejects an edit that lost a race, showing the current values; nothing is merged', async () => {
    const id = await createdPatientId()
    const first = await updatePatient({
      ...patientInput({ mrn: (await patientRow(id)).mrn }),
      id,
      version: 1,
      firstName: 'Ann',
    })
    expect(first.ok).toBe(true)
    const stale = await updatePatient({
      ...patientInput({ mrn: (await patientRow(id)).mrn }),
      id,
      version: 1,
      lastName: 'Other',
    })
    expect(stale).toMatchObject({
      ok: false,
      message: STALE_RECORD_MESSAGE,
      // The record as it is now, for the form to show.
      values: { firstName: 'Ann', version: '2' },
    })
    expect(await patientRow(id)).toMatchObject({
      firstName: 'Ann',
      lastName: 'Winters',
      version: 2,
    })
  })

  it('reports a duplicate MRN on edit as a field error', async () => {
    const taken = (await patientRow(await createdPatientId())).mrn
    const id = await createdPatientId()
    const outcome = await updatePatient({ ...patientInput({ mrn: taken }), id, version: 1 })
    expect(outcome).toMatchObject({
      ok: false,
      fieldErrors: { mrn: [`A patient with MRN ${taken} already exists`] },
    })
  })
})

describe('fractures', () => {
  it('keeps one active fracture per level and the list summary in step', async () => {
    const id = await createdPatientId()
    expect((await addFracture(id, fracture)).ok).toBe(true)
    expect((await addFracture(id, { ...fracture, level: 'T12', heightLossPct: 10 })).ok).toBe(true)
    expect(await addFracture(id, fracture)).toMatchObject({
      ok: false,
      fieldErrors: { level: ['There is already an active fracture at L1'] },
    })
    expect(await patientRow(id)).toMatchObject({ fractureCount: 2, fractureLevels: 'T12, L1' })

    const record = await getPatientRecord(id)
    const l1 = record.fractures.find((f) => f.level === 'L1')!
    expect((await updateFracture(l1.id, l1.version, { ...fracture, heightLossPct: 45 })).ok).toBe(
      true,
    )
    // The same version again has lost the race.
    expect((await updateFracture(l1.id, l1.version, { ...fracture, heightLossPct: 20 })).ok).toBe(
      false,
    )
    const saved = (await getPatientRecord(id)).fractures.find((f) => f.level === 'L1')!
    // Removing with the version seen before the edit is refused too.
    expect((await removeFracture(l1.id, l1.version)).ok).toBe(false)
    expect((await removeFracture(saved.id, saved.version)).ok).toBe(true)
    expect(await patientRow(id)).toMatchObject({ fractureCount: 1, fractureLevels: 'T12' })
    // The level is free again once removed.
    expect((await addFracture(id, fracture)).ok).toBe(true)
  })
})

describe('imaging', () => {
  it('moves a referred patient to imaging on order, and to evaluation when the last order completes', async () => {
    const id = await createdPatientId()
    await orderImaging({ patientId: id, modality: 'mri', orderedOn: '2026-11-02' })
    await orderImaging({ patientId: id, modality: 'xray', orderedOn: '2026-11-02' })
    expect((await patientRow(id)).status).toBe('imaging')
    const [first, second] = (await getPatientRecord(id)).imaging
    await completeImaging({ orderId: first!.id, completedOn: '2026-11-03', finding: 'L1 fracture' })
    expect((await patientRow(id)).status).toBe('imaging')
    expect(
      await completeImaging({ orderId: first!.id, completedOn: '2026-11-03', finding: 'again' }),
    ).toMatchObject({ ok: false })
    expect(
      await completeImaging({
        orderId: second!.id,
        completedOn: '2026-11-01',
        finding: 'before the order',
      }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { completedOn: ['The completion date cannot be before the order date'] },
    })
    // Done, its report to follow: the study counts as completed, the finding comes later.
    expect(
      await completeImaging({ orderId: second!.id, completedOn: '2026-11-04', finding: null }),
    ).toMatchObject({ ok: true })
    expect((await patientRow(id)).status).toBe('evaluation')
    const waiting = (await getPatientRecord(id)).imaging.find((order) => order.id === second!.id)
    expect(waiting).toMatchObject({ completedOn: '2026-11-04', finding: null })
    expect(await addImagingFinding({ orderId: first!.id, finding: 'Overwrite' })).toMatchObject({
      ok: false,
    })
    expect(await addImagingFinding({ orderId: second!.id, finding: 'Kyphosis' })).toMatchObject({
      ok: true,
    })
    expect(await addImagingFinding({ orderId: second!.id, finding: 'Twice' })).toMatchObject({
      ok: false,
    })
    expect((await getPatientRecord(id)).imaging.map((order) => [order.id, order.finding])).toEqual(
      expect.arrayContaining([
        [first!.id, 'L1 fracture'],
        [second!.id, 'Kyphosis'],
      ]),
    )
    const [added] = await (
      await getDb()
    )
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'imaging.finding_added'), eq(auditLog.entityId, id)))
    expect(added!.details).toEqual({ orderId: second!.id, changed: ['finding'] })
    const events = await (
      await getDb()
    )
      .select()
      .from(patientStatusEvents)
      .where(eq(patientStatusEvents.patientId, id))
    expect(events.map((e) => e.toStatus)).toEqual(['referred', 'imaging', 'evaluation'])
  })
})

describe('candidacy decision', () => {
  async function patientInEvaluation() {
    const id = await createdPatientId()
    await addFracture(id, fracture)
    await changeStatus({ patientId: id, from: 'referred', to: 'evaluation', note: null })
    return id
  }

  it('is refused to a coordinator and an admin, even when called directly', async () => {
    const id = await patientInEvaluation()
    const input = {
      ...qualifying(),
      patientId: id,
      version: (await patientRow(id)).version,
      decision: 'candidate' as const,
      plannedProcedure: 'kyphoplasty' as const,
      reason: null,
      justification: null,
    }
    signInAs(coordinator)
    expect(await outcomeOf(() => recordDecision(input))).toBe('http:403')
    signInAs(admin)
    expect(await outcomeOf(() => recordDecision(input))).toBe('http:403')
    expect((await patientRow(id)).status).toBe('evaluation')
  })

  it('blocks "candidate" on an absolute contraindication and requires a reason for "not a candidate"', async () => {
    const id = await patientInEvaluation()
    signInAs(physician)
    const base = {
      ...qualifying(),
      patientId: id,
      version: (await patientRow(id)).version,
      plannedProcedure: 'kyphoplasty' as const,
      reason: null,
      justification: null,
    }
    const blocked = await recordDecision({ ...base, decision: 'candidate', activeInfection: true })
    expect(blocked).toMatchObject({
      ok: false,
      message: expect.stringMatching(/absolute contraindication/),
    })
    expect(await recordDecision({ ...base, decision: 'not_candidate' })).toMatchObject({
      ok: false,
      fieldErrors: { reason: ['Give the reason the patient is not a candidate'] },
    })
    expect(
      await (
        await getDb()
      )
        .select()
        .from(candidacyAssessments)
        .where(eq(candidacyAssessments.patientId, id)),
    ).toEqual([])
    expect((await patientRow(id)).status).toBe('evaluation')
  })

  it('refuses a second decision made from a stale view', async () => {
    const id = await patientInEvaluation()
    signInAs(physician)
    const seen = (await patientRow(id)).version
    const decide = (decision: 'candidate' | 'not_candidate') =>
      recordDecision({
        ...qualifying(),
        patientId: id,
        version: seen,
        decision,
        plannedProcedure: decision === 'candidate' ? 'kyphoplasty' : null,
        reason: decision === 'not_candidate' ? 'Pain improving' : null,
        justification: null,
      })
    expect((await decide('candidate')).ok).toBe(true)
    expect(await decide('not_candidate')).toMatchObject({
      ok: false,
      message: STALE_RECORD_MESSAGE,
    })
    expect((await patientRow(id)).status).toBe('candidate')
  })

  it('records the assessment, sets the status and the planned procedure', async () => {
    const id = await patientInEvaluation()
    signInAs(physician)
    const outcome = await recordDecision({
      ...qualifying(),
      patientId: id,
      version: (await patientRow(id)).version,
      decision: 'candidate',
      plannedProcedure: 'vertebroplasty',
      reason: null,
      justification: null,
    })
    expect(outcome.ok).toBe(true)
    expect(await patientRow(id)).toMatchObject({
      status: 'candidate',
      plannedProcedure: 'vertebroplasty',
    })
    const [assessment] = await (
      await getDb()
    )
      .select()
      .from(candidacyAssessments)
      .where(eq(candidacyAssessments.patientId, id))
    expect(assessment).toMatchObject({ physicianId: physician.id, decision: 'candidate' })
    expect(assessment!.checklist).toMatchObject({
      painNrs: 8,
      evaluation: { allCriteriaMet: true },
    })
  })
})

describe('Overview worklists', () => {
  it('lists patients awaiting a decision and patients with imaging pending, with totals', async () => {
    const waiting = await createdPatientId({ lastName: 'Waiting' })
    await changeStatus({ patientId: waiting, from: 'referred', to: 'evaluation', note: null })
    const scanned = await createdPatientId({ lastName: 'Scanned' })
    await orderImaging({ patientId: scanned, modality: 'ct', orderedOn: '2020-01-01' })
    const lists = await overviewWorklists()
    const awaiting = lists.awaitingDecision.entries.find((entry) => entry.id === waiting)
    expect(awaiting).toMatchObject({ name: 'Waiting, Hazel' })
    // In evaluation since today, on the clinic's calendar.
    expect(awaiting!.since).toBe(formatDate(todayIso()))
    // The oldest order comes first.
    expect(lists.imagingPending.entries[0]).toMatchObject({
      id: scanned,
      since: 'Wed 1 Jan 2020',
      detail: 'CT',
    })
    expect(lists.imagingPending.total).toBeGreaterThanOrEqual(1)
    signInAs(admin)
    expect(await outcomeOf(() => overviewWorklists())).toBe('http:403')
  })
})

describe('status workflow', () => {
  it('allows only the state machine moves, and a stale "from" is refused', async () => {
    const id = await createdPatientId()
    expect(
      await changeStatus({ patientId: id, from: 'referred', to: 'treated', note: null }),
    ).toEqual({ ok: false, message: 'That status change is not allowed from the current status.' })
    expect(
      (await changeStatus({ patientId: id, from: 'referred', to: 'imaging', note: 'MRI booked' }))
        .ok,
    ).toBe(true)
    expect(
      (await changeStatus({ patientId: id, from: 'referred', to: 'evaluation', note: null })).ok,
    ).toBe(false)
    expect((await patientRow(id)).status).toBe('imaging')
  })
})

describe('record page and export', () => {
  it('writes a view audit row each time a record is opened', async () => {
    const id = await createdPatientId()
    await getPatientRecord(id)
    await getPatientRecord(id)
    const views = await (
      await getDb()
    )
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'patient.view')))
    expect(views).toHaveLength(2)
    expect(views[0]).toMatchObject({ actorId: coordinator.id, ipAddress: '203.0.113.7' })
  })

  it("shows each member's openings once a day in the record's trail, with what changes changed", async () => {
    const id = await createdPatientId()
    for (let i = 0; i < 3; i += 1) await getPatientRecord(id)
    signInAs(physician)
    await getPatientRecord(id)
    signInAs(coordinator)
    expect((await addFracture(id, fracture)).ok).toBe(true)
    const l1 = (await getPatientRecord(id)).fractures.find((f) => f.level === 'L1')!
    expect((await updateFracture(l1.id, l1.version, { ...fracture, heightLossPct: 45 })).ok).toBe(
      true,
    )
    const trail = (await getPatientRecord(id)).auditEntries
    const opened = trail.filter((entry) => entry.action === 'patient.view')
    // The coordinator opened it five times today, the physician once: one line each.
    expect(opened.map((entry) => entry.actorEmail).sort()).toEqual(
      [coordinator.email, physician.email].sort(),
    )
    const views = await (
      await getDb()
    )
      .select({ id: auditLog.id })
      .from(auditLog)
      .where(and(eq(auditLog.entityId, id), eq(auditLog.action, 'patient.view')))
    expect(views).toHaveLength(6)
    const edited = trail.find((entry) => entry.action === 'fracture.updated')
    expect(edited?.changed).toEqual(expect.arrayContaining(['height loss pct']))
    expect(trail.map((entry) => entry.action)).toContain('patient.created')
  })

  it('exports the filtered rows as CSV and audits the export', async () => {
    const mrn = newMrn()
    await createdPatientId({ mrn, lastName: '=HYPERLINK("x")' })
    const stream = await exportCandidatesCsv(candidateListParams.parse({ q: mrn }))
    const text = await new Response(stream).text()
    const lines = text.trim().split('\r\n')
    expect(lines[0]).toBe(
      'Name,MRN,Age,Levels,Etiology,Status,Procedure,Disposition,Physician,Next follow-up,Referred',
    )
    expect(lines).toHaveLength(2)
    // A formula-looking cell is neutralized for spreadsheets.
    expect(lines[1]).toContain(`"'=HYPERLINK(""x""), Hazel"`)
    const [audit] = await (
      await getDb()
    )
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'patient.export'))
    expect(audit!.details).toMatchObject({ rows: 1, filters: { searched: true } })
    expect(JSON.stringify(audit!.details)).not.toContain(mrn)
  })
})

describe('authorization of every registry function', () => {
  it('refuses admins and anonymous visitors everywhere', async () => {
    const id = await createdPatientId()
    const calls: [string, () => Promise<unknown>][] = [
      ['createPatient', () => createPatient(patientInput())],
      ['updatePatient', () => updatePatient({ ...patientInput(), id, version: 1 })],
      [
        'changeStatus',
        () => changeStatus({ patientId: id, from: 'referred', to: 'imaging', note: null }),
      ],
      ['addFracture', () => addFracture(id, fracture)],
      ['updateFracture', () => updateFracture(id, 1, fracture)],
      ['removeFracture', () => removeFracture(id, 1)],
      [
        'orderImaging',
        () => orderImaging({ patientId: id, modality: 'mri', orderedOn: '2026-11-02' }),
      ],
      [
        'completeImaging',
        () => completeImaging({ orderId: id, completedOn: '2026-11-02', finding: 'x' }),
      ],
      ['getPatientRecord', () => getPatientRecord(id)],
      ['exportCandidatesCsv', () => exportCandidatesCsv(candidateListParams.parse({}))],
    ]
    for (const [name, call] of calls) {
      signInAs(admin)
      expect(await outcomeOf(call), `${name} as admin`).toBe('http:403')
      signInAs(null)
      expect(await outcomeOf(call), `${name} anonymous`).toBe('redirect:/login')
    }
    expect((await patientRow(id)).status).toBe('referred')
  })
})
