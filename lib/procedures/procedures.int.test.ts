import crypto from 'node:crypto'
import { eq, sql } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import { adverseEvents, followUps, imagingOrders, patients, procedures } from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'
import { completeProcedureSchema, procedureFormObject } from './schemas'

vi.mock('@/lib/auth', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)
const { createPatient, changeStatus } = await import('@/lib/candidates/mutations')
const { addFracture } = await import('@/lib/fractures/mutations')
const { recordDecision } = await import('@/lib/candidacy/mutations')
const { checklistSchema } = await import('@/lib/candidacy/schemas')
const {
  scheduleProcedure,
  rescheduleProcedure,
  cancelProcedure,
  completeProcedure,
  recordAdverseEvent,
} = await import('./mutations')
const { recordFollowUp } = await import('@/lib/follow-ups/mutations')
const { overviewWorklists } = await import('@/lib/overview/worklists')

type Member = Awaited<ReturnType<typeof insertStaff>>
let coordinator: Member, physician: Member, admin: Member
let mrnCounter = 0

async function patientRow(id: string) {
  const [row] = await (await getDb()).select().from(patients).where(eq(patients.id, id))
  return row!
}

/** A candidate with fractures at T12 and L1, through the real workflow. */
async function candidate(): Promise<string> {
  signInAs(coordinator)
  const created = await createPatient({
    mrn: `P${String(++mrnCounter).padStart(6, '0')}`,
    firstName: 'Iris',
    lastName: 'Calloway',
    dateOfBirth: '1941-02-03',
    sex: 'female',
    phone: null,
    referralDate: '2026-10-01',
    referringPhysician: 'Dr. Outside',
    etiology: 'osteoporotic',
    assignedPhysicianId: physician.id,
    painOnsetDate: null,
  })
  if (!created.ok) throw new Error(created.message)
  const id = created.data.id
  const fracture = {
    heightLossPct: 35,
    mriEdema: 'yes' as const,
    kyphoticAngleDeg: 18,
    diagnosedOn: null,
    morphology: null,
    fractureAgeWeeks: null,
    posteriorWallInvolved: false,
    retropulsion: false,
  }
  await addFracture(id, { ...fracture, level: 'T12' })
  await addFracture(id, { ...fracture, level: 'L1' })
  await changeStatus({ patientId: id, from: 'referred', to: 'evaluation', note: null })
  signInAs(physician)
  const decided = await recordDecision({
    ...checklistSchema.parse({
      painDueToFracture: 'on',
      imagingConfirmed: 'on',
      worseningPain: 'on',
      mobilityImpaired: 'on',
      boneDensityReferral: 'on',
      osteoporosisEducation: 'on',
      painNrs: '8',
    }),
    patientId: id,
    version: (await patientRow(id)).version,
    decision: 'candidate',
    plannedProcedure: 'kyphoplasty',
    reason: null,
    justification: null,
  })
  if (!decided.ok) throw new Error(decided.message)
  signInAs(coordinator)
  return id
}

const inOneHour = () => new Date(Date.now() + 60 * 60_000)
const plan = (patientId: string, version: number) => ({
  patientId,
  version,
  type: 'kyphoplasty' as const,
  scheduledAt: inOneHour(),
  physicianId: physician.id,
  anesthesia: 'local_sedation' as const,
  approach: 'bipedicular' as const,
  plannedLevels: ['T12' as const, 'L1' as const],
})

async function scheduled(): Promise<{ patientId: string; procedureId: string }> {
  const patientId = await candidate()
  const outcome = await scheduleProcedure(plan(patientId, (await patientRow(patientId)).version))
  if (!outcome.ok) throw new Error(outcome.message)
  const [procedure] = await (
    await getDb()
  )
    .select()
    .from(procedures)
    .where(eq(procedures.patientId, patientId))
  return { patientId, procedureId: procedure!.id }
}

async function procedureVersion(id: string) {
  const [row] = await (
    await getDb()
  )
    .select({ version: procedures.version })
    .from(procedures)
    .where(eq(procedures.id, id))
  return row!.version
}

const completion = (procedureId: string, version: number, overrides: Record<string, string> = {}) =>
  completeProcedureSchema.safeParse(
    procedureFormObject(
      (() => {
        const form = new FormData()
        const fields: Record<string, string> = {
          procedureId,
          version: String(version),
          performedAt: '2026-11-20T09:30',
          disposition: 'overnight',
          overnightReason: 'pain_control',
          'levels.T12.treated': 'on',
          'levels.T12.cementVolumeMl': '4.5',
          'levels.L1.treated': 'on',
          'levels.L1.cementVolumeMl': '5',
          'levels.L1.kyphoticAngleBeforeDeg': '18',
          'levels.L1.kyphoticAngleAfterDeg': '12',
          ...overrides,
        }
        for (const [key, value] of Object.entries(fields)) if (value !== '') form.set(key, value)
        return form
      })(),
    ),
  )

beforeAll(async () => {
  const db = await getDb()
  coordinator = await insertStaff(db, 'unused', { role: 'coordinator' })
  physician = await insertStaff(db, 'unused', { role: 'physician' })
  admin = await insertStaff(db, 'unused', { role: 'admin' })
})
beforeEach(() => signInAs(coordinator))

describe('scheduling', () => {
  it('schedules a candidate once; a second schedule (double submit) is refused', async () => {
    const patientId = await candidate()
    const version = (await patientRow(patientId)).version
    const [first, second] = await Promise.all([
      scheduleProcedure(plan(patientId, version)),
      scheduleProcedure(plan(patientId, version)),
    ])
    expect([first.ok, second.ok].sort()).toEqual([false, true])
    expect((await patientRow(patientId)).status).toBe('scheduled')
    const rows = await (
      await getDb()
    )
      .select()
      .from(procedures)
      .where(eq(procedures.patientId, patientId))
    expect(rows).toHaveLength(1)
  })

  it('plans only levels with an active fracture', async () => {
    const patientId = await candidate()
    const outcome = await scheduleProcedure({
      ...plan(patientId, (await patientRow(patientId)).version),
      plannedLevels: ['L4'],
    })
    expect(outcome).toMatchObject({
      ok: false,
      fieldErrors: { plannedLevels: [expect.stringMatching(/No active fracture at L4/)] },
    })
  })

  it('reschedules with a version check and cancels back to candidate with a reason', async () => {
    const { patientId, procedureId } = await scheduled()
    const version = await procedureVersion(procedureId)
    const later = new Date(Date.now() + 3 * 86_400_000)
    const moved = await rescheduleProcedure({
      ...plan(patientId, 0),
      procedureId,
      version,
      scheduledAt: later,
    })
    expect(moved.ok).toBe(true)
    // The old version again has lost the race.
    expect(
      (
        await rescheduleProcedure({
          ...plan(patientId, 0),
          procedureId,
          version,
          scheduledAt: later,
        })
      ).ok,
    ).toBe(false)
    expect(
      (await cancelProcedure({ procedureId, version: version + 1, cancelReason: 'Patient unwell' }))
        .ok,
    ).toBe(true)
    const [row] = await (
      await getDb()
    )
      .select()
      .from(procedures)
      .where(eq(procedures.id, procedureId))
    expect(row).toMatchObject({ status: 'cancelled', cancelReason: 'Patient unwell' })
    expect((await patientRow(patientId)).status).toBe('candidate')
  })
})

describe('completion', () => {
  it('refuses completion without a disposition, and overnight without a reason', () => {
    const missing = completion('3f1e0c1a-8b9f-4c55-9a4e-0d6f1f2b3c4d', 1, { disposition: '' })
    expect(missing.success).toBe(false)
    expect(missing.error?.issues.map((issue) => issue.path[0])).toContain('disposition')
    const noReason = completion('3f1e0c1a-8b9f-4c55-9a4e-0d6f1f2b3c4d', 1, { overnightReason: '' })
    expect(noReason.error?.issues).toEqual([
      expect.objectContaining({
        path: ['overnightReason'],
        message: 'Overnight observation needs a reason',
      }),
    ])
  })

  it('is refused by the database too when a disposition or overnight reason is missing', async () => {
    const { procedureId } = await scheduled()
    const db = await getDb()
    const rejected = async (statement: ReturnType<typeof sql>) =>
      (await db.execute(statement).then(
        () => null,
        (e: unknown) => e,
      )) !== null
    expect(
      await rejected(
        sql`update procedures set status = 'completed', performed_at = now() where id = ${procedureId}`,
      ),
    ).toBe(true)
    expect(
      await rejected(
        sql`update procedures set disposition = 'overnight' where id = ${procedureId}`,
      ),
    ).toBe(true)
  })

  it('is refused to coordinators and admins, and so are adverse events', async () => {
    const { procedureId } = await scheduled()
    const input = completion(procedureId, await procedureVersion(procedureId)).data!
    for (const member of [coordinator, admin]) {
      signInAs(member)
      expect(await outcomeOf(() => completeProcedure(input)), member.role).toBe('http:403')
      expect(
        await outcomeOf(() =>
          recordAdverseEvent({
            procedureId,
            category: 'infection',
            leakageType: null,
            leakageLocation: null,
            symptomatic: true,
            detectedOn: '2026-11-21',
            note: null,
          }),
        ),
      ).toBe('http:403')
    }
    const [row] = await (
      await getDb()
    )
      .select()
      .from(procedures)
      .where(eq(procedures.id, procedureId))
    expect(row!.status).toBe('scheduled')
  })

  it('completes with levels and disposition, moves the patient to treated and creates the follow-ups exactly once', async () => {
    const { patientId, procedureId } = await scheduled()
    signInAs(physician)
    const input = completion(procedureId, await procedureVersion(procedureId)).data!
    // A double submit of the same form: one completes, the other has lost the race.
    const results = await Promise.all([completeProcedure(input), completeProcedure(input)])
    expect(results.filter((r) => r.ok)).toHaveLength(1)
    const [row] = await (
      await getDb()
    )
      .select()
      .from(procedures)
      .where(eq(procedures.id, procedureId))
    expect(row).toMatchObject({
      status: 'completed',
      disposition: 'overnight',
      overnightReason: 'pain_control',
    })
    const schedule = await (
      await getDb()
    )
      .select()
      .from(followUps)
      .where(eq(followUps.procedureId, procedureId))
    expect(schedule.map((f) => f.timepoint).sort()).toEqual([
      'baseline',
      'd7',
      'h48',
      'm1',
      'm12',
      'm3',
      'm6',
    ])
    expect(schedule.find((f) => f.timepoint === 'h48')).toMatchObject({
      dueOn: '2026-11-22',
      windowStart: '2026-11-21',
      windowEnd: '2026-11-24',
    })
    expect(await patientRow(patientId)).toMatchObject({
      status: 'treated',
      lastDisposition: 'overnight',
    })

    const adverse = await recordAdverseEvent({
      procedureId,
      category: 'cement_leakage',
      leakageType: 'S',
      leakageLocation: 'paravertebral',
      symptomatic: false,
      detectedOn: '2026-11-20',
      note: null,
    })
    expect(adverse.ok).toBe(true)
  })
})

describe('follow-ups', () => {
  it('records a follow-up within its window, moves the patient to follow-up, and refuses outside it', async () => {
    const { patientId, procedureId } = await scheduled()
    signInAs(physician)
    // Performed three days ago: the 48-hour window (days 1–4) is open today.
    const performed = new Date(Date.now() - 3 * 86_400_000)
    const local = `${performed.toLocaleDateString('en-CA')}T09:00`
    const input = completion(procedureId, await procedureVersion(procedureId), {
      performedAt: local,
    }).data!
    expect((await completeProcedure(input)).ok).toBe(true)
    signInAs(coordinator)
    const rows = await (
      await getDb()
    )
      .select()
      .from(followUps)
      .where(eq(followUps.procedureId, procedureId))
    const h48 = rows.find((row) => row.timepoint === 'h48')!
    const m1 = rows.find((row) => row.timepoint === 'm1')!
    const base = {
      painNrs: 3,
      odi: 30,
      rmdq: null,
      analgesicUse: 'non_opioid' as const,
      mobility: 'independent' as const,
      newFracture: false,
      kyphoticAngleDeg: null,
      note: null,
    }
    const today = new Date().toLocaleDateString('en-CA')
    expect(
      await recordFollowUp({ ...base, followUpId: m1.id, version: m1.version, assessedOn: today }),
    ).toMatchObject({
      ok: false,
      fieldErrors: { assessedOn: [expect.stringMatching(/window opens/)] },
    })
    expect(
      (
        await recordFollowUp({
          ...base,
          followUpId: h48.id,
          version: h48.version,
          assessedOn: today,
        })
      ).ok,
    ).toBe(true)
    // The same version again: someone else recorded it first.
    expect(
      (
        await recordFollowUp({
          ...base,
          followUpId: h48.id,
          version: h48.version,
          assessedOn: today,
        })
      ).ok,
    ).toBe(false)
    const patient = await patientRow(patientId)
    expect(patient.status).toBe('follow_up')
    expect(patient.nextFollowUpOn).toBe(rows.find((row) => row.timepoint === 'd7')!.dueOn)

    // Closing needs the 12-month follow-up.
    expect(
      (await changeStatus({ patientId, from: 'follow_up', to: 'closed', note: null })).ok,
    ).toBe(false)
    expect(
      (
        await changeStatus({
          patientId,
          from: 'follow_up',
          to: 'lost_to_follow_up',
          note: 'Moved away',
        })
      ).ok,
    ).toBe(true)
  })

  it('feeds the Overview worklists', async () => {
    const { patientId } = await scheduled()
    const lists = await overviewWorklists()
    expect(lists.scheduledThisWeek.entries.map((entry) => entry.id)).toContain(patientId)
    expect(lists.overnightTonight.total).toBeGreaterThanOrEqual(0)
  })
})

describe('two identical posts of one form render', () => {
  it('order one imaging study and record one adverse event; another render writes again', async () => {
    const { orderImaging } = await import('@/lib/imaging/mutations')
    const db = await getDb()
    const patientId = await candidate()
    const ordersOf = async () =>
      (await db.select().from(imagingOrders).where(eq(imagingOrders.patientId, patientId))).length
    const before = await ordersOf()

    const order = {
      patientId,
      modality: 'ct' as const,
      orderedOn: '2026-11-20',
      formKey: crypto.randomUUID(),
    }
    const posts = await Promise.all([orderImaging(order), orderImaging(order)])
    expect(posts).toEqual([
      { ok: true, data: { patientId } },
      { ok: true, data: { patientId } },
    ])
    expect(await ordersOf()).toBe(before + 1)
    // The next render of the form has a new key: a second study is a second order.
    expect((await orderImaging({ ...order, formKey: crypto.randomUUID() })).ok).toBe(true)
    expect(await ordersOf()).toBe(before + 2)

    const { procedureId } = await scheduled()
    signInAs(physician)
    const completed = await completeProcedure(
      completion(procedureId, await procedureVersion(procedureId)).data!,
    )
    expect(completed.ok).toBe(true)
    const event = {
      procedureId,
      category: 'infection' as const,
      leakageType: null,
      leakageLocation: null,
      symptomatic: true,
      detectedOn: '2026-11-21',
      note: null,
      formKey: crypto.randomUUID(),
    }
    const recorded = await Promise.all([recordAdverseEvent(event), recordAdverseEvent(event)])
    expect(recorded.map((outcome) => outcome.ok)).toEqual([true, true])
    const events = await db
      .select()
      .from(adverseEvents)
      .where(eq(adverseEvents.procedureId, procedureId))
    expect(events).toHaveLength(1)
  })
})
