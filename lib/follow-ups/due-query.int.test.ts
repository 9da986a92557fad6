import { addDays, formatISO, parseISO } from 'date-fns'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@/db/client'
import { followUps, patients, procedures, type NewPatient } from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { queryFollowUpsDue } from './due-query'
import { followUpSchedule, followUpState } from './rules'

// Read as a member with no grants (no patient here is restricted).
const NO_GRANTS = '00000000-0000-0000-0000-000000000000'

const today = '2031-06-15'
const shift = (date: string, days: number) =>
  formatISO(addDays(parseISO(date), days), { representation: 'date' })

type Row = typeof followUps.$inferSelect & { patientName: string; mrn: string }
let all: Row[]

beforeAll(async () => {
  const db = await getDb()
  const physician = await insertStaff(db, 'unused', { role: 'physician' })
  const patientRows: NewPatient[] = Array.from({ length: 40 }, (_, i) => ({
    mrn: `FU${String(i).padStart(6, '0')}`,
    firstName: `First${i}`,
    lastName: `Last${i}`,
    dateOfBirth: '1944-02-02',
    sex: 'male',
    referralDate: '2030-01-01',
    referringPhysician: 'Dr. Referrer',
    assignedPhysicianId: physician.id,
    etiology: 'osteoporotic',
  }))
  const inserted = await db.insert(patients).values(patientRows).returning()
  // Procedures performed from 420 days ago to 3 days ahead, so every timepoint is due, open,
  // overdue, missed or done somewhere; every third assessment is already recorded.
  const performedOn = inserted.map((_, i) => shift(today, 3 - i * 11))
  const written = await db
    .insert(procedures)
    .values(
      inserted.map((patient, i) => ({
        patientId: patient.id,
        type: 'vertebroplasty' as const,
        status: 'completed' as const,
        scheduledAt: parseISO(performedOn[i]!),
        performedAt: parseISO(performedOn[i]!),
        physicianId: physician.id,
        anesthesia: 'general' as const,
        approach: 'unipedicular' as const,
        plannedLevels: ['L2' as const],
        disposition: 'same_day' as const,
      })),
    )
    .returning()
  const followUpRows = written.flatMap((procedure, i) =>
    followUpSchedule(performedOn[i]!).map((scheduled, k) => ({
      ...scheduled,
      patientId: procedure.patientId,
      procedureId: procedure.id,
      assessedOn: (i + k) % 3 === 0 && scheduled.windowStart <= today ? scheduled.dueOn : null,
    })),
  )
  const rows = await db.insert(followUps).values(followUpRows).returning()
  const byId = new Map(inserted.map((p) => [p.id, p]))
  all = rows.map((row) => ({
    ...row,
    patientName: `${byId.get(row.patientId)!.lastName}, ${byId.get(row.patientId)!.firstName}`,
    mrn: byId.get(row.patientId)!.mrn,
  }))
})

const expectedDue = () =>
  all
    .filter((row) => ['due', 'overdue'].includes(followUpState(row, today)))
    .sort((a, b) => (a.dueOn === b.dueOn ? (a.id < b.id ? -1 : 1) : a.dueOn < b.dueOn ? -1 : 1))

describe('follow-ups due', () => {
  it('lists open follow-ups due within 7 days or overdue in their window, oldest due first', async () => {
    const expected = expectedDue()
    expect(expected.length).toBeGreaterThan(5)
    expect(expected.some((row) => row.dueOn < today)).toBe(true)
    expect(expected.some((row) => row.dueOn > today)).toBe(true)
    const result = await queryFollowUpsDue(await getDb(), {
      today,
      limit: 1000,
      viewerId: NO_GRANTS,
    })
    expect(result.total).toBe(expected.length)
    expect(result.rows).toEqual(
      expected.map((row) => ({
        id: row.id,
        procedureId: row.procedureId,
        patientId: row.patientId,
        patient: row.patientName,
        mrn: row.mrn,
        timepoint: row.timepoint,
        dueOn: row.dueOn,
        windowEnd: row.windowEnd,
        overdue: row.dueOn < today,
      })),
    )
  })

  it('leaves out recorded, missed and later assessments', async () => {
    const found = new Set(
      (
        await queryFollowUpsDue(await getDb(), { today, limit: 1000, viewerId: NO_GRANTS })
      ).rows.map((r) => r.id),
    )
    const recorded = all.filter((row) => row.assessedOn !== null)
    const missed = all.filter((row) => row.assessedOn === null && row.windowEnd < today)
    const later = all.filter((row) => row.assessedOn === null && row.dueOn > shift(today, 7))
    for (const group of [recorded, missed, later]) {
      expect(group.length).toBeGreaterThan(0)
      expect(group.some((row) => found.has(row.id))).toBe(false)
    }
    // The edges count: due exactly a week ahead, or a window closing today.
    const edges = await queryFollowUpsDue(await getDb(), {
      today: shift(today, 1),
      limit: 1000,
      viewerId: NO_GRANTS,
    })
    const edgeToday = shift(today, 1)
    for (const row of all.filter((r) => r.assessedOn === null)) {
      const listed = edges.rows.some((r) => r.id === row.id)
      expect(listed, `${row.dueOn} ${row.windowEnd}`).toBe(
        row.windowEnd >= edgeToday && row.dueOn <= shift(edgeToday, 7),
      )
    }
  })

  it('limits the rows but counts them all', async () => {
    const expected = expectedDue()
    const result = await queryFollowUpsDue(await getDb(), { today, limit: 3, viewerId: NO_GRANTS })
    expect(result.total).toBe(expected.length)
    expect(result.rows.map((r) => r.id)).toEqual(expected.slice(0, 3).map((r) => r.id))
  })

  it('is empty, not an error, when nothing is due', async () => {
    expect(
      await queryFollowUpsDue(await getDb(), {
        today: '2040-01-01',
        limit: 10,
        viewerId: NO_GRANTS,
      }),
    ).toEqual({
      rows: [],
      total: 0,
    })
  })
})
