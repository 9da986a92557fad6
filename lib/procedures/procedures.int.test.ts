import crypto from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import {
  adverseEvents,
  auditLog,
  followUps,
  imagingOrders,
  patients,
  procedureAmendments,
  procedures,
  treatedLevels,
} from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'
import { todayIso } from '@/lib/dates'
import { procedureListParams } from './list-params'
import {
  amendProcedureSchema,
  completeProcedureSchema,
  dispositionSchema,
  procedureFormObject,
  scheduleProcedureSchema,
} from './schemas'
import { lengthOfStay } from './rules'
import {
  addCalendarDays,
  calendarDay,
  formatTime,
  readDateTimeInput,
  toDateTimeInput,
} from '@/lib/clinic-time'
import { QUALIFYING_FIELDS } from '@/lib/candidacy/testing/qualifying'

// The clinic is in Denver (the test machine is not): times are typed and read on its clock.
process.env.AUGMENT_TIME_ZONE = 'America/Denver'

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
const { restrictPatient } = await import('@/lib/candidates/restricted')
const { queryProcedureRows } = await import('./list-query')
const { recordDisposition } = await import('./disposition')
const { procedureCalendar } = await import('./calendar')
const { amendProcedure } = await import('./amendment')
const { getPatientRecord } = await import('@/lib/candidates/record')
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
    ...checklistSchema.parse(QUALIFYING_FIELDS),
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

// The physician's bookings may not overlap: each plan an hour after the last, from an hour on.
let bookings = 0
const nextSlot = () => new Date(Date.now() + (1 + 2 * bookings++) * 60 * 60_000)
const plan = (patientId: string, version: number) => ({
  patientId,
  version,
  type: 'kyphoplasty' as const,
  scheduledAt: nextSlot(),
  durationMinutes: 60,
  doubleBook: false,
  alreadyPerformed: false,
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

describe('bookings', () => {
  /** A plan as the form posts it, typed on the clinic's clock. */
  const typed = (patientId: string, version: number, fields: Record<string, string>) => {
    const form = new FormData()
    const all: Record<string, string> = {
      patientId,
      version: String(version),
      type: 'kyphoplasty',
      physicianId: physician.id,
      anesthesia: 'local_sedation',
      approach: 'bipedicular',
      durationMinutes: '60',
      ...fields,
    }
    for (const [key, value] of Object.entries(all)) form.set(key, value)
    form.append('plannedLevels', 'T12')
    return scheduleProcedureSchema.safeParse(procedureFormObject(form))
  }
  const book = async (
    patientId: string,
    at: Date,
    overrides: Partial<ReturnType<typeof plan>> = {},
  ) =>
    scheduleProcedure({
      ...plan(patientId, (await patientRow(patientId)).version),
      scheduledAt: at,
      ...overrides,
    })
  // Far enough ahead that no other test's booking is near.
  // From 08:00 on the clinic's clock, weeks ahead: far from every other test's booking.
  const firstSlot = readDateTimeInput(`${addCalendarDays(todayIso(), 17)}T08:00`, 'America/Denver')!
  const slot = (hoursAhead: number) => new Date(firstSlot.getTime() + hoursAhead * 3_600_000)

  it("reads the typed time on the clinic's clock and shows it back as typed", async () => {
    const patientId = await candidate()
    const parsed = typed(patientId, (await patientRow(patientId)).version, {
      scheduledAt: '2031-01-07T08:30',
    })
    expect(parsed.success).toBe(true)
    // 08:30 in Denver in January (MST, UTC−7).
    expect(parsed.data!.scheduledAt.toISOString()).toBe('2031-01-07T15:30:00.000Z')
    expect((await scheduleProcedure(parsed.data!)).ok).toBe(true)
    const rows = await queryProcedureRows(
      await getDb(),
      {
        ...procedureListParams.parse({ view: 'upcoming', q: (await patientRow(patientId)).mrn }),
        viewerId: coordinator.id,
      },
      { limit: 10, offset: 0 },
    )
    expect(rows.filter((row) => row.patientId === patientId).map((row) => row.scheduledAt)).toEqual(
      ['Tue 7 Jan 2031, 08:30'],
    )
  })

  it('refuses the hour the clocks skip, and a time that has passed', async () => {
    const patientId = await candidate()
    const version = (await patientRow(patientId)).version
    // Summer time starts in Denver at 02:00 on 9 March 2031.
    expect(typed(patientId, version, { scheduledAt: '2031-03-09T02:30' }).error?.issues).toEqual([
      expect.objectContaining({
        path: ['scheduledAt'],
        message: expect.stringMatching(/hour the clocks skip/),
      }),
    ])
    const past = await book(patientId, new Date(Date.now() - 2 * 3_600_000))
    expect(past).toMatchObject({
      ok: false,
      fieldErrors: { scheduledAt: [expect.stringMatching(/^This time has passed/)] },
    })
    expect((await patientRow(patientId)).status).toBe('candidate')
  })

  it('records a procedure already performed at its past time, waiting for its completion', async () => {
    const patientId = await candidate()
    // "Already performed" is for the past only.
    const ahead = await book(patientId, slot(40), { alreadyPerformed: true })
    expect(ahead).toMatchObject({
      ok: false,
      fieldErrors: { scheduledAt: [expect.stringMatching(/^A procedure already performed/)] },
    })
    const doneAt = new Date(Date.now() - 3 * 3_600_000)
    expect((await book(patientId, doneAt, { alreadyPerformed: true })).ok).toBe(true)
    expect((await patientRow(patientId)).status).toBe('scheduled')
    const [audit] = await (
      await getDb()
    )
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'procedure.scheduled'), eq(auditLog.entityId, patientId)))
    expect(audit!.details).toMatchObject({ alreadyPerformed: true })
    // Until the physician completes it, it waits under "Needs completion", as any booking past.
    const waiting = await queryProcedureRows(
      await getDb(),
      {
        ...procedureListParams.parse({ view: 'needs_completion', sort: 'scheduled', dir: 'desc' }),
        viewerId: coordinator.id,
      },
      { limit: 10, offset: 0 },
    )
    expect(waiting.map((row) => row.patientId)).toContain(patientId)
  })

  it("refuses an overlap with the physician's booking, naming the patient, unless double-booked", async () => {
    const first = await candidate()
    const second = await candidate()
    const at = slot(0)
    expect((await book(first, at)).ok).toBe(true)
    const firstMrn = (await patientRow(first)).mrn
    const overlap = await book(second, new Date(at.getTime() + 30 * 60_000))
    expect(overlap).toMatchObject({
      ok: false,
      fieldErrors: {
        scheduledAt: [
          expect.stringContaining(`is already booked with Calloway, Iris (${firstMrn})`),
        ],
        doubleBook: [expect.stringMatching(/tick Double-book/)],
      },
    })
    expect((await patientRow(second)).status).toBe('candidate')
    // Back to back is no overlap; another physician is free at the same time.
    const other = await insertStaff(await getDb(), 'unused', { role: 'physician' })
    expect((await book(second, at, { physicianId: other.id })).ok).toBe(true)
    const third = await candidate()
    expect((await book(third, new Date(at.getTime() + 60 * 60_000))).ok).toBe(true)
    // Agreed: booked over the first, and the audit row says with which procedure.
    const fourth = await candidate()
    expect((await book(fourth, at, { doubleBook: true })).ok).toBe(true)
    const [firstProcedure] = await (
      await getDb()
    )
      .select({ id: procedures.id })
      .from(procedures)
      .where(eq(procedures.patientId, first))
    const [audit] = await (
      await getDb()
    )
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'procedure.scheduled'), eq(auditLog.entityId, fourth)))
    expect(audit!.details).toMatchObject({ doubleBookedWith: [firstProcedure!.id] })
    // The physician's day on the calendar: the double booking side by side, then the next one.
    const day = calendarDay(at, 'America/Denver')
    const calendar = await procedureCalendar({ span: 'day', date: day, physician: physician.id })
    const start = formatTime(at, 'America/Denver')
    const booked = calendar.days[0]!.bookings.filter((b) =>
      [first, third, fourth].includes(b.patientId),
    )
    // Side by side (in either order: same start), then the next hour full width.
    expect(booked.map((b) => [b.start, b.lane, b.lanes])).toEqual([
      [start, 0, 2],
      [start, 1, 2],
      [formatTime(new Date(at.getTime() + 3_600_000), 'America/Denver'), 0, 1],
    ])
    expect(
      booked
        .map((b) => b.patientId)
        .slice(0, 2)
        .sort(),
    ).toEqual([first, fourth].sort())
    expect(booked[2]!.patientId).toBe(third)
    // Another physician's booking is on the all-physicians calendar only.
    expect(calendar.days[0]!.bookings.some((b) => b.patientId === second)).toBe(false)
    const everyone = await procedureCalendar({ span: 'week', date: day })
    expect(everyone.days.flatMap((d) => d.bookings).some((b) => b.patientId === second)).toBe(true)
  })

  it('of two bookings of one slot made at once, one wins', async () => {
    const [a, b] = [await candidate(), await candidate()]
    const at = slot(10)
    const outcomes = await Promise.all([book(a, at), book(b, at)])
    expect(outcomes.map((outcome) => outcome.ok).sort()).toEqual([false, true])
    const booked = await (
      await getDb()
    )
      .select({ id: procedures.id })
      .from(procedures)
      .where(and(eq(procedures.physicianId, physician.id), eq(procedures.scheduledAt, at)))
    expect(booked).toHaveLength(1)
  })

  it('does not name a patient whose restricted record the member may not open', async () => {
    const hidden = await candidate()
    const at = slot(20)
    expect((await book(hidden, at)).ok).toBe(true)
    signInAs(physician)
    expect((await restrictPatient(hidden, 'Staff member')).ok).toBe(true)
    signInAs(coordinator)
    const other = await candidate()
    const refusal = await book(other, at)
    expect(refusal).toMatchObject({
      ok: false,
      fieldErrors: {
        scheduledAt: [expect.stringContaining('a patient whose record is restricted')],
      },
    })
    expect(JSON.stringify(refusal)).not.toContain((await patientRow(hidden)).mrn)
  })

  it('a booking whose time passed shows under Needs completion until it is dealt with', async () => {
    const patientId = await candidate()
    expect((await book(patientId, slot(40))).ok).toBe(true)
    const db = await getDb()
    // Its hour went by (90 minutes ago, booked for 60) without a completion.
    const [procedure] = await db
      .update(procedures)
      .set({ scheduledAt: new Date(Date.now() - 90 * 60_000) })
      .where(eq(procedures.patientId, patientId))
      .returning({ id: procedures.id, version: procedures.version })
    const needing = async () =>
      (await overviewWorklists()).needsCompletion.entries.some((entry) => entry.id === patientId)
    expect(await needing()).toBe(true)
    // Its own time, kept, is not refused as past when another detail changes.
    expect(
      (
        await rescheduleProcedure({
          ...plan(patientId, 0),
          procedureId: procedure!.id,
          version: procedure!.version,
          scheduledAt: new Date(Date.now() - 90 * 60_000),
          anesthesia: 'general',
        })
      ).ok,
    ).toBe(false)
    const [kept] = await db
      .select({ scheduledAt: procedures.scheduledAt })
      .from(procedures)
      .where(eq(procedures.id, procedure!.id))
    expect(
      (
        await rescheduleProcedure({
          ...plan(patientId, 0),
          procedureId: procedure!.id,
          version: procedure!.version,
          scheduledAt: kept!.scheduledAt,
          anesthesia: 'general',
        })
      ).ok,
    ).toBe(true)
    expect(await needing()).toBe(true)
    expect(
      (
        await cancelProcedure({
          procedureId: procedure!.id,
          version: procedure!.version + 1,
          cancelReason: 'Did not attend',
        })
      ).ok,
    ).toBe(true)
    expect(await needing()).toBe(false)
  })

  it("moves a booking within its own time, and refuses moving it onto another's", async () => {
    const [a, b] = [await candidate(), await candidate()]
    const at = slot(30)
    expect((await book(a, at)).ok).toBe(true)
    expect((await book(b, slot(32))).ok).toBe(true)
    const [procedure] = await (
      await getDb()
    )
      .select({ id: procedures.id, version: procedures.version })
      .from(procedures)
      .where(eq(procedures.patientId, b))
    const move = (scheduledAt: Date, version: number, durationMinutes = 60) =>
      rescheduleProcedure({
        ...plan(b, 0),
        procedureId: procedure!.id,
        version,
        scheduledAt,
        durationMinutes,
      })
    // Longer, over its own old slot only.
    expect((await move(slot(32), procedure!.version, 90)).ok).toBe(true)
    expect(await move(new Date(at.getTime() + 15 * 60_000), procedure!.version + 1)).toMatchObject({
      ok: false,
      fieldErrors: { scheduledAt: [expect.stringMatching(/is already booked with/)] },
    })
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

/**
 * A procedure completed by the physician `hoursAgo` (overnight unless `overrides` say otherwise),
 * typed on the clinic's clock; the coordinator is signed in again after.
 */
async function completedHoursAgo(hoursAgo: number, overrides: Record<string, string> = {}) {
  const { patientId, procedureId } = await scheduled()
  signInAs(physician)
  const performed = toDateTimeInput(new Date(Date.now() - hoursAgo * 3_600_000), 'America/Denver')
  const input = completion(procedureId, await procedureVersion(procedureId), {
    performedAt: performed,
    ...overrides,
  }).data!
  expect((await completeProcedure(input)).ok).toBe(true)
  signInAs(coordinator)
  return {
    patientId,
    procedureId,
    performed,
    performedAt: readDateTimeInput(performed, 'America/Denver')!,
  }
}

describe('disposition and discharge after completion', () => {
  /** An overnight stay completed `hoursAgo`, its discharge not recorded. */
  const onTheWard = (hoursAgo: number) => completedHoursAgo(hoursAgo)
  const onWard = async (patientId: string) =>
    (await overviewWorklists()).overnightTonight.entries.some((entry) => entry.id === patientId)
  const discharge = async (procedureId: string, fields: Partial<Record<string, string>>) => {
    const parsed = dispositionSchema.safeParse({
      procedureId,
      version: String(await procedureVersion(procedureId)),
      disposition: 'overnight',
      overnightReason: 'pain_control',
      ...fields,
    })
    return parsed.success ? recordDisposition(parsed.data) : parsed.error.issues
  }

  it('a coordinator records the discharge the next morning: the stay leaves "Overnight tonight"', async () => {
    const { patientId, procedureId, performedAt } = await onTheWard(20)
    expect(await onWard(patientId)).toBe(true)
    const morning = toDateTimeInput(new Date(Date.now() - 30 * 60_000), 'America/Denver')
    expect(await discharge(procedureId, { dischargedAt: morning })).toMatchObject({ ok: true })
    expect(await onWard(patientId)).toBe(false)
    const [row] = await (
      await getDb()
    )
      .select()
      .from(procedures)
      .where(eq(procedures.id, procedureId))
    expect(row!.dischargedAt).toEqual(readDateTimeInput(morning, 'America/Denver'))
    expect(lengthOfStay(performedAt, row!.dischargedAt)).toMatch(/^19 h( \d+ min)?$/)
    const [audit] = await (
      await getDb()
    )
      .select({ actorId: auditLog.actorId, details: auditLog.details })
      .from(auditLog)
      .where(
        and(
          eq(auditLog.action, 'procedure.disposition_recorded'),
          eq(auditLog.entityId, patientId),
        ),
      )
    expect(audit).toMatchObject({
      actorId: coordinator.id,
      details: {
        procedureId,
        changed: ['dischargedAt'],
        previous: { dischargedAt: null },
        current: { dischargedAt: row!.dischargedAt!.toISOString() },
      },
    })
  })

  it('corrects the disposition to same-day; refuses a discharge before the procedure or in the future', async () => {
    const { patientId, procedureId } = await onTheWard(6)
    const before = toDateTimeInput(new Date(Date.now() - 7 * 3_600_000), 'America/Denver')
    expect(await discharge(procedureId, { dischargedAt: before })).toMatchObject({
      ok: false,
      fieldErrors: { dischargedAt: ['Discharge cannot be before the procedure'] },
    })
    const later = toDateTimeInput(new Date(Date.now() + 3 * 3_600_000), 'America/Denver')
    expect(await discharge(procedureId, { dischargedAt: later })).toEqual([
      expect.objectContaining({ path: ['dischargedAt'], message: expect.stringMatching(/future/) }),
    ])
    expect(await discharge(procedureId, { overnightReason: '' })).toEqual([
      expect.objectContaining({ path: ['overnightReason'] }),
    ])
    const done = await discharge(procedureId, {
      disposition: 'same_day',
      overnightReason: 'pain_control',
      dischargedAt: toDateTimeInput(new Date(Date.now() - 3 * 3_600_000), 'America/Denver'),
    })
    expect(done).toMatchObject({ ok: true })
    const [row] = await (
      await getDb()
    )
      .select()
      .from(procedures)
      .where(eq(procedures.id, procedureId))
    // Same-day keeps no overnight reason.
    expect(row).toMatchObject({ disposition: 'same_day', overnightReason: null })
    expect(await onWard(patientId)).toBe(false)
  })

  it('refuses a stale version and a procedure that is not completed', async () => {
    const { procedureId } = await onTheWard(4)
    const version = await procedureVersion(procedureId)
    const stale = dispositionSchema.parse({
      procedureId,
      version: String(version),
      disposition: 'overnight',
      overnightReason: 'comorbidity_monitoring',
    })
    expect((await recordDisposition(stale)).ok).toBe(true)
    expect((await recordDisposition({ ...stale, overnightReason: 'other' })).ok).toBe(false)
    const open = await scheduled()
    expect(
      (
        await recordDisposition({
          ...stale,
          procedureId: open.procedureId,
          version: await procedureVersion(open.procedureId),
        })
      ).ok,
    ).toBe(false)
  })
})

describe('amendments', () => {
  /** A same-day procedure completed `hoursAgo`, its physician signed in to amend it. */
  async function completedAt(hoursAgo: number) {
    const completed = await completedHoursAgo(hoursAgo, {
      disposition: 'same_day',
      overnightReason: '',
    })
    signInAs(physician)
    return completed
  }
  const amendment = async (procedureId: string, fields: Record<string, string>) => {
    const [row] = await (
      await getDb()
    )
      .select({ performedAt: procedures.performedAt, version: procedures.version })
      .from(procedures)
      .where(eq(procedures.id, procedureId))
    const form = new FormData()
    const all: Record<string, string> = {
      procedureId,
      version: String(row!.version),
      performedAt: toDateTimeInput(row!.performedAt!, 'America/Denver'),
      cement: 'PMMA',
      'levels.T12.treated': 'on',
      'levels.T12.cementVolumeMl': '4.5',
      'levels.L1.treated': 'on',
      'levels.L1.cementVolumeMl': '5',
      'levels.L1.kyphoticAngleBeforeDeg': '18',
      'levels.L1.kyphoticAngleAfterDeg': '12',
      reason: 'Volume misread from the syringe',
      ...fields,
    }
    for (const [key, value] of Object.entries(all)) if (value !== '') form.set(key, value)
    const parsed = amendProcedureSchema.safeParse(procedureFormObject(form))
    return parsed.success ? amendProcedure(parsed.data) : parsed.error.issues
  }

  it('a physician amends the cement volume with a reason: the latest value is stored, both kept', async () => {
    const { patientId, procedureId } = await completedAt(5)
    const before = await procedureVersion(procedureId)
    expect(await amendment(procedureId, { 'levels.L1.cementVolumeMl': '6.5' })).toMatchObject({
      ok: true,
    })
    const db = await getDb()
    const [level] = await db
      .select({ cementVolumeMl: treatedLevels.cementVolumeMl })
      .from(treatedLevels)
      .where(and(eq(treatedLevels.procedureId, procedureId), eq(treatedLevels.level, 'L1')))
    expect(level!.cementVolumeMl).toBe(6.5)
    expect(await procedureVersion(procedureId)).toBe(before + 1)
    const [kept] = await db
      .select()
      .from(procedureAmendments)
      .where(eq(procedureAmendments.procedureId, procedureId))
    expect(kept).toMatchObject({
      version: before + 1,
      amendedBy: physician.id,
      reason: 'Volume misread from the syringe',
      previous: { 'L1 cement volume (mL)': 5 },
      current: { 'L1 cement volume (mL)': 6.5 },
    })
    // A second amendment keeps the first; the record shows both, oldest first.
    expect(
      await amendment(procedureId, {
        cement: 'PMMA (high viscosity)',
        'levels.L1.cementVolumeMl': '6.5',
        reason: 'Product name',
      }),
    ).toMatchObject({ ok: true })
    signInAs(coordinator)
    const record = await getPatientRecord(patientId)
    const shown = record.procedures.find((p) => p.id === procedureId)!
    expect(shown.cement).toBe('PMMA (high viscosity)')
    expect(shown.amendments.map((a) => a.changes)).toEqual([
      [{ field: 'L1 cement volume (mL)', before: '5', after: '6.5' }],
      [{ field: 'cement', before: 'PMMA', after: 'PMMA (high viscosity)' }],
    ])
    const [audit] = await db
      .select({ details: auditLog.details })
      .from(auditLog)
      .where(and(eq(auditLog.action, 'procedure.amended'), eq(auditLog.entityId, patientId)))
    expect(audit!.details).toEqual({
      procedureId,
      version: before + 1,
      changed: ['L1 cement volume (mL)'],
    })
    expect(JSON.stringify(audit!.details)).not.toContain('syringe')
  })

  it('needs a reason and a change, keeps the day and the levels, and refuses a stale version or a coordinator', async () => {
    const { procedureId, performed } = await completedAt(30)
    expect(await amendment(procedureId, { reason: '' })).toEqual([
      expect.objectContaining({ path: ['reason'] }),
    ])
    expect(await amendment(procedureId, {})).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^Nothing to amend/),
    })
    const nextDay = `${addCalendarDays(performed.slice(0, 10), 1)}${performed.slice(10)}`
    expect(await amendment(procedureId, { performedAt: nextDay })).toMatchObject({
      ok: false,
      fieldErrors: { performedAt: [expect.stringMatching(/keeps the day performed/)] },
    })
    expect(
      await amendment(procedureId, { 'levels.T12.treated': '', 'levels.T12.cementVolumeMl': '' }),
    ).toMatchObject({ ok: false, fieldErrors: { levels: [expect.any(String)] } })
    const version = await procedureVersion(procedureId)
    expect(await amendment(procedureId, { cement: 'Calcium phosphate' })).toMatchObject({
      ok: true,
    })
    expect(
      await amendment(procedureId, { version: String(version), cement: 'PMMA' }),
    ).toMatchObject({ ok: false })
    signInAs(coordinator)
    expect(await outcomeOf(() => amendment(procedureId, { cement: 'PMMA' }))).toBe('http:403')
  })
})

describe('follow-ups', () => {
  it('records a follow-up within its window, moves the patient to follow-up, and refuses outside it', async () => {
    const { patientId, procedureId } = await scheduled()
    signInAs(physician)
    // Performed three days ago: the 48-hour window (days 1–4) is open today.
    const performed = new Date(Date.now() - 3 * 86_400_000)
    const local = `${todayIso(performed)}T09:00`
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
    const today = todayIso()
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
