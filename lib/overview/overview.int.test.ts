import crypto from 'node:crypto'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import { followUps, patients, patientStatusEvents, procedures } from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { signInAs } from '@/lib/auth/testing/session'
import { addCalendarDays, dayBounds, formatTime } from '@/lib/clinic-time'
import { clinicTimeZone } from '@/lib/env'
import { todayIso } from '@/lib/dates'
import { queryPathwayTimes } from './pathway-times'

vi.mock('@/lib/auth', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)
const { overviewFigures, overviewWorklists } = await import('./worklists')
const { visiblePatientsByStatus } = await import('./status-counts')

type Member = Awaited<ReturnType<typeof insertStaff>>
let mine: Member, theirs: Member, coordinator: Member

const day = (iso: string) => new Date(`${iso}T12:00:00Z`)

async function patient(
  physician: Member,
  fields: { referralDate?: string; status?: (typeof patients.$inferInsert)['status'] } = {},
) {
  const [row] = await (
    await getDb()
  )
    .insert(patients)
    .values({
      mrn: `OV${crypto.randomBytes(4).toString('hex')}`,
      firstName: 'Ada',
      lastName: `Overview ${physician.name}`,
      dateOfBirth: '1940-01-01',
      sex: 'female',
      referralDate: fields.referralDate ?? '2031-01-01',
      referringPhysician: 'Dr. Outside',
      assignedPhysicianId: physician.id,
      etiology: 'osteoporotic',
      status: fields.status ?? 'evaluation',
    })
    .returning({ id: patients.id })
  return row!.id
}

// The decision as the workflow records it: the move out of evaluation.
const decide = async (patientId: string, physician: Member, decidedAt: Date) =>
  (await getDb()).insert(patientStatusEvents).values({
    patientId,
    fromStatus: 'evaluation',
    toStatus: 'candidate',
    actorId: physician.id,
    occurredAt: decidedAt,
  })

const perform = async (patientId: string, physician: Member, performedAt: Date) =>
  (await getDb()).insert(procedures).values({
    patientId,
    type: 'kyphoplasty',
    status: 'completed',
    scheduledAt: performedAt,
    performedAt,
    physicianId: physician.id,
    anesthesia: 'local_sedation',
    approach: 'bipedicular',
    plannedLevels: ['L1'],
    disposition: 'same_day',
  })

beforeAll(async () => {
  const db = await getDb()
  mine = await insertStaff(db, 'unused', { role: 'physician', name: 'Dr. Mine' })
  theirs = await insertStaff(db, 'unused', { role: 'physician', name: 'Dr. Theirs' })
  coordinator = await insertStaff(db, 'unused', { role: 'coordinator' })
})

describe('median days along the pathway', () => {
  it('referral → decision and decision → procedure over the last 90 days, by calendar day', async () => {
    const db = await getDb()
    const now = day('2031-06-15')
    // Referral → decision: 10, 20 and 40 days; a decision before the window does not count, and
    // of a patient's two decisions the latest does (30 days, not 2).
    const a = await patient(mine, { referralDate: '2031-04-01', status: 'candidate' })
    await decide(a, mine, day('2031-04-11'))
    const b = await patient(mine, { referralDate: '2031-04-01', status: 'candidate' })
    await decide(b, mine, day('2031-04-21'))
    const c = await patient(theirs, { referralDate: '2031-04-01', status: 'candidate' })
    await decide(c, theirs, day('2031-05-11'))
    const old = await patient(theirs, { referralDate: '2030-12-01', status: 'candidate' })
    await decide(old, theirs, day('2031-01-10'))
    // Other moves are not decisions.
    await (await getDb()).insert(patientStatusEvents).values({
      patientId: c,
      fromStatus: 'referred',
      toStatus: 'evaluation',
      occurredAt: day('2031-04-05'),
    })
    const twice = await patient(mine, { referralDate: '2031-05-01', status: 'candidate' })
    await decide(twice, mine, day('2031-05-03'))
    await decide(twice, mine, day('2031-05-31'))
    // Decision → procedure: 5 and 9 days (from the latest decision before each procedure).
    await perform(a, mine, day('2031-04-16'))
    await perform(twice, mine, day('2031-06-09'))
    // A procedure before the window does not count.
    await perform(old, theirs, day('2031-01-20'))
    const times = await queryPathwayTimes(db, now)
    // 10, 20, 30, 40 → 25.
    expect(times.referralToDecision).toEqual({ days: 25, n: 4 })
    // 5, 9 → 7.
    expect(times.decisionToProcedure).toEqual({ days: 7, n: 2 })
  })

  it('is empty, not zero, with nothing in the window', async () => {
    expect(await queryPathwayTimes(await getDb(), day('2040-01-01'))).toEqual({
      referralToDecision: { days: null, n: 0 },
      decisionToProcedure: { days: null, n: 0 },
    })
  })
})

describe('the Overview, Mine and All', () => {
  it("shows a physician their own patients under Mine, everyone's under All", async () => {
    const own = await patient(mine)
    const other = await patient(theirs)
    signInAs(mine)
    const ids = (card: { entries: { id: string }[] }) => card.entries.map((entry) => entry.id)
    const mineView = await overviewWorklists('mine')
    expect(ids(mineView.awaitingDecision)).toContain(own)
    expect(ids(mineView.awaitingDecision)).not.toContain(other)
    const allView = await overviewWorklists('all')
    expect(ids(allView.awaitingDecision)).toEqual(expect.arrayContaining([own, other]))
    expect(allView.awaitingDecision.total).toBeGreaterThan(mineView.awaitingDecision.total)
    const counted = async (scope: 'mine' | 'all') =>
      (await visiblePatientsByStatus(scope)).byStatus.find((row) => row.status === 'evaluation')!
        .count
    expect(await counted('all')).toBeGreaterThan(await counted('mine'))
    // A coordinator has no patients of their own: "Mine" is the whole clinic.
    signInAs(coordinator)
    expect(ids((await overviewWorklists('mine')).awaitingDecision)).toEqual(
      expect.arrayContaining([own, other]),
    )
  })
})

describe("a physician's day", () => {
  it("lists today's own bookings, to do and done, and nothing else", async () => {
    const db = await getDb()
    const [done, toDo, cancelled, tomorrow, colleagues] = await Promise.all([
      patient(mine, { status: 'follow_up' }),
      patient(mine, { status: 'scheduled' }),
      patient(mine, { status: 'scheduled' }),
      patient(mine, { status: 'scheduled' }),
      patient(theirs, { status: 'scheduled' }),
    ])
    // Today's clinic day, whatever the hour the test runs: its first and last minute.
    const { start, end } = dayBounds(todayIso(), clinicTimeZone())
    const firstMinute = new Date(start.getTime() + 60_000)
    const lastMinute = new Date(end.getTime() - 60_000)
    await perform(done, mine, firstMinute)
    const booking = (
      patientId: string,
      physician: Member,
      at: Date,
      status: 'scheduled' | 'cancelled' = 'scheduled',
    ) =>
      db.insert(procedures).values({
        patientId,
        type: 'vertebroplasty',
        status,
        scheduledAt: at,
        physicianId: physician.id,
        anesthesia: 'local_sedation',
        approach: 'unipedicular',
        plannedLevels: ['T12'],
      })
    await booking(toDo, mine, lastMinute)
    await booking(cancelled, mine, lastMinute, 'cancelled')
    await booking(tomorrow, mine, new Date(end.getTime() + 60_000))
    await booking(colleagues, theirs, lastMinute)
    signInAs(mine)
    const today = (await overviewWorklists('mine')).myDay!.proceduresToday
    const shown = today.entries.filter((entry) =>
      [done, toDo, cancelled, tomorrow, colleagues].includes(entry.id),
    )
    expect(shown.map((entry) => [entry.id, entry.detail])).toEqual([
      [done, 'Kyphoplasty L1 · done'],
      [toDo, 'Vertebroplasty T12'],
    ])
    expect(shown[1]!.since).toBe(formatTime(lastMinute, clinicTimeZone()))
    // "All" and a coordinator's Overview have no personal day.
    expect((await overviewWorklists('all')).myDay).toBeNull()
    signInAs(coordinator)
    expect((await overviewWorklists('mine')).myDay).toBeNull()
  })
})

describe('overdue follow-ups', () => {
  it('counts open follow-ups past due and still in their window, per scope', async () => {
    const db = await getDb()
    const own = await patient(mine, { status: 'follow_up' })
    const today = todayIso()
    await perform(own, mine, new Date(Date.now() - 10 * 86_400_000))
    const [procedure] = await db
      .select({ id: procedures.id })
      .from(procedures)
      .where(eq(procedures.patientId, own))
    const followUp = (timepoint: 'd7' | 'm1', dueOn: string, windowEnd: string) => ({
      procedureId: procedure!.id,
      patientId: own,
      timepoint,
      dueOn,
      windowStart: addCalendarDays(dueOn, -3),
      windowEnd,
    })
    signInAs(mine)
    const before = await overviewFigures('mine')
    const clinicBefore = await overviewFigures('all')
    await db.insert(followUps).values([
      // Past due, window still open: overdue.
      followUp('d7', addCalendarDays(today, -2), addCalendarDays(today, 5)),
      // Due later: not overdue.
      followUp('m1', addCalendarDays(today, 3), addCalendarDays(today, 10)),
    ])
    expect((await overviewFigures('mine')).overdueFollowUps).toBe(before.overdueFollowUps + 1)
    // The physician's own card lists the overdue one, not the one due later.
    const overdueCard = (await overviewWorklists('mine')).myDay!.overdueFollowUps
    expect(overdueCard.total).toBe(before.overdueFollowUps + 1)
    expect(overdueCard.entries.filter((entry) => entry.id === own)).toEqual([
      expect.objectContaining({ detail: '7 days', overdue: true }),
    ])
    expect((await overviewFigures('all')).overdueFollowUps).toBe(clinicBefore.overdueFollowUps + 1)
    signInAs(theirs)
    const theirsNow = await overviewFigures('mine')
    signInAs(mine)
    expect(theirsNow.overdueFollowUps).toBe(0)
  })
})
