import { TZDate } from '@date-fns/tz'
import { addDays, addMinutes, set } from 'date-fns'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import {
  patients,
  procedures,
  procedureTypes,
  type Disposition,
  type NewPatient,
  type ProcedureType,
  type VertebralLevel,
} from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'
import { formatDateTime } from '@/lib/clinic-time'
import { procedureListParams, type ProcedureListParams, type ProcedureView } from './list-params'

vi.mock('@/lib/auth', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)
const { listProcedures } = await import('./list')
const { queryProcedureRows, queryProcedures } = await import('./list-query')

// The clinic is half a day from UTC (and from the test machine): Today is its calendar day.
const CLINIC_ZONE = 'Pacific/Auckland'
process.env.AUGMENT_TIME_ZONE = CLINIC_ZONE
// A fixed "now" on the clinic's clock: midday, so today has procedures before and after it.
// Dates built from it (set, addDays) stay on the clinic's clock.
const now = new TZDate(2031, 5, 15, 12, 0, 0, CLINIC_ZONE)
const clock = { now }

interface Inserted {
  id: string
  patientId: string
  lastName: string
  firstName: string
  type: ProcedureType
  status: 'scheduled' | 'completed' | 'cancelled'
  scheduledAt: Date
  performedAt: Date | null
  physicianId: string
  physicianName: string
  plannedLevels: VertebralLevel[]
  disposition: Disposition | null
}

let all: Inserted[]
let physicians: { id: string; name: string }[]
let coordinator: Awaited<ReturnType<typeof insertStaff>>
let physicianMember: Awaited<ReturnType<typeof insertStaff>>
let admin: Awaited<ReturnType<typeof insertStaff>>

// Read as a member with no grants (no patient here is restricted).
const params = (overrides: Partial<Record<keyof ProcedureListParams, unknown>>) => ({
  ...procedureListParams.parse(overrides),
  viewerId: '00000000-0000-0000-0000-000000000000',
})
// Everything that matches, in the query's order (the largest slice the tests need).
const everything = async (p: ReturnType<typeof params>) =>
  queryProcedureRows(await getDb(), p, { limit: 10_000, offset: 0 }, clock)

const LAST_NAMES = ['Abbott', 'baker', 'Carver', 'Dunn', 'ellis', 'Foster', 'Grant', 'Hughes']
const FIRST_NAMES = ['Ada', 'Bea', 'cal', 'Dot', 'Eve']
const LEVELS: VertebralLevel[][] = [['L1'], ['T12', 'L1'], ['T8', 'T9', 'T10'], ['L4']]

function inView(row: Inserted, view: ProcedureView): boolean {
  const dayStart = set(now, { hours: 0, minutes: 0, seconds: 0, milliseconds: 0 })
  switch (view) {
    case 'today':
      return (
        row.status === 'scheduled' &&
        row.scheduledAt >= dayStart &&
        row.scheduledAt < addDays(dayStart, 1)
      )
    case 'upcoming':
      return row.status === 'scheduled' && row.scheduledAt >= now
    case 'needs_completion':
      // Every booking here is the default hour long.
      return row.status === 'scheduled' && addMinutes(row.scheduledAt, 60) <= now
    case 'completed':
      return row.status === 'completed'
    case 'cancelled':
      return row.status === 'cancelled'
  }
}

beforeAll(async () => {
  const db = await getDb()
  physicians = await Promise.all(
    ['Dr. Ada Byrne', 'Dr. Ben Ortiz', 'Dr. Cleo Haas'].map((name) =>
      insertStaff(db, 'unused', { role: 'physician', name }),
    ),
  )
  physicianMember = physicians[0] as Awaited<ReturnType<typeof insertStaff>>
  coordinator = await insertStaff(db, 'unused', { role: 'coordinator' })
  admin = await insertStaff(db, 'unused', { role: 'admin' })

  const patientRows: NewPatient[] = Array.from({ length: 72 }, (_, i) => ({
    mrn: `PL${String(i).padStart(6, '0')}`,
    firstName: FIRST_NAMES[i % FIRST_NAMES.length]!,
    lastName: LAST_NAMES[(i * 3) % LAST_NAMES.length]!,
    dateOfBirth: '1945-03-01',
    sex: 'female',
    referralDate: '2031-01-10',
    referringPhysician: 'Dr. Referrer',
    assignedPhysicianId: physicians[i % 3]!.id,
    etiology: 'osteoporotic',
  }))
  const inserted = await db.insert(patients).values(patientRows).returning()

  const procedureRows = inserted.flatMap((patient, i) => {
    const physician = physicians[Math.floor(i / 6) % 3]!
    const base = {
      patientId: patient.id,
      type: (i % 4 < 2 ? 'vertebroplasty' : 'kyphoplasty') as ProcedureType,
      physicianId: physician.id,
      anesthesia: 'local_sedation' as const,
      approach: 'bipedicular' as const,
      plannedLevels: LEVELS[i % LEVELS.length]!,
    }
    const rows: (typeof procedures.$inferInsert)[] = []
    // One open (scheduled) procedure per patient at most: today before/after now, later, earlier.
    const today = set(now, { minutes: 0 })
    switch (i % 6) {
      case 0:
        rows.push({ ...base, scheduledAt: set(today, { hours: 7 + (i % 4) }) })
        break
      case 1:
        rows.push({ ...base, scheduledAt: set(today, { hours: 13 + (i % 3) }) })
        break
      case 2:
        // Several share a time, so the id tie-breaker decides their order.
        rows.push({ ...base, scheduledAt: addDays(set(today, { hours: 9 }), 1 + (i % 5)) })
        break
      case 3:
        rows.push({ ...base, scheduledAt: addDays(today, -1 - (i % 3)) })
        break
      default:
        break
    }
    // Completed and cancelled ones, as history.
    const performedAt = addMinutes(addDays(now, -10 - (i % 7)), (i % 3) * 30)
    if (i % 2 === 0 || i % 6 === 4) {
      const disposition: Disposition = i % 3 === 0 ? 'overnight' : 'same_day'
      rows.push({
        ...base,
        status: 'completed',
        scheduledAt: performedAt,
        performedAt,
        disposition,
        overnightReason: disposition === 'overnight' ? 'pain_control' : null,
        dischargedAt: addDays(performedAt, disposition === 'overnight' ? 1 : 0),
      })
    }
    if (i % 5 === 0 || i % 6 === 5) {
      rows.push({
        ...base,
        status: 'cancelled',
        scheduledAt: addDays(now, -(i % 4)),
        cancelReason: 'Patient request',
      })
    }
    return rows
  })
  const written = await db.insert(procedures).values(procedureRows).returning()
  const patientById = new Map(inserted.map((p) => [p.id, p]))
  const physicianById = new Map(physicians.map((p) => [p.id, p.name]))
  all = written.map((row) => ({
    id: row.id,
    patientId: row.patientId,
    lastName: patientById.get(row.patientId)!.lastName,
    firstName: patientById.get(row.patientId)!.firstName,
    type: row.type,
    status: row.status,
    scheduledAt: row.scheduledAt,
    performedAt: row.performedAt,
    physicianId: row.physicianId,
    physicianName: physicianById.get(row.physicianId)!,
    plannedLevels: procedureRows.find(
      (p) =>
        p.patientId === row.patientId &&
        p.status === (row.status === 'scheduled' ? undefined : row.status),
    )!.plannedLevels,
    disposition: row.disposition,
  }))
})

type Key = (row: Inserted) => string | number
const compareBy =
  (keys: Key[], dir: 'asc' | 'desc') =>
  (a: Inserted, b: Inserted): number => {
    for (const key of [...keys, (row: Inserted) => row.id]) {
      const [x, y] = [key(a), key(b)]
      if (x !== y) return (x < y ? -1 : 1) * (dir === 'asc' ? 1 : -1)
    }
    return 0
  }

describe('procedure list query', () => {
  // Enums sort in their declared order (vertebroplasty first), as on the candidate list.
  it.each(['today', 'upcoming', 'needs_completion', 'completed', 'cancelled'] as const)(
    'shows the %s view with its total',
    async (view) => {
      const expected = all.filter((row) => inView(row, view))
      expect(expected.length).toBeGreaterThan(2)
      const result = await queryProcedures(await getDb(), params({ view, size: 100 }), clock)
      expect(result.total).toBe(expected.length)
      expect(result.rows.map((r) => r.id).sort()).toEqual(expected.map((r) => r.id).sort())
    },
  )

  it('keeps procedures earlier today in Today but not in Upcoming, and past ones under Needs completion only', async () => {
    const today = new Set((await everything(params({ view: 'today' }))).map((r) => r.id))
    const upcoming = new Set((await everything(params({ view: 'upcoming' }))).map((r) => r.id))
    const needsCompletion = new Set(
      (await everything(params({ view: 'needs_completion' }))).map((r) => r.id),
    )
    const earlierToday = all.filter((r) => inView(r, 'today') && r.scheduledAt < now)
    const laterToday = all.filter((r) => inView(r, 'today') && r.scheduledAt >= now)
    const overdue = all.filter((r) => r.status === 'scheduled' && !inView(r, 'today'))
    expect(earlierToday.length && laterToday.length).toBeGreaterThan(0)
    for (const row of earlierToday) expect(today.has(row.id) && !upcoming.has(row.id)).toBe(true)
    for (const row of laterToday) expect(today.has(row.id) && upcoming.has(row.id)).toBe(true)
    for (const row of overdue.filter((r) => r.scheduledAt < now)) {
      expect(today.has(row.id) || upcoming.has(row.id)).toBe(false)
      expect(needsCompletion.has(row.id)).toBe(true)
    }
    for (const row of earlierToday) expect(needsCompletion.has(row.id)).toBe(true)
  })

  it('returns the columns the screen shows', async () => {
    const [first] = await everything(params({ view: 'completed' }))
    const source = all.find((row) => row.id === first!.id)!
    expect(first).toEqual({
      id: source.id,
      patientId: source.patientId,
      patient: `${source.lastName}, ${source.firstName}`,
      mrn: expect.stringMatching(/^PL\d{6}$/),
      type: source.type,
      scheduledAt: formatDateTime(source.scheduledAt, CLINIC_ZONE),
      performedAt: formatDateTime(source.performedAt!, CLINIC_ZONE),
      physician: source.physicianName,
      levels: source.plannedLevels.join(', '),
      disposition: source.disposition,
      status: 'completed',
    })
    const upcoming = await everything(params({ view: 'upcoming' }))
    expect(upcoming.every((row) => row.performedAt === null && row.disposition === null)).toBe(true)
  })

  it.each([
    ['upcoming', 'scheduled', 'asc', [(r: Inserted) => r.scheduledAt.getTime()]],
    ['cancelled', 'scheduled', 'desc', [(r: Inserted) => r.scheduledAt.getTime()]],
    ['completed', 'performed', 'desc', [(r: Inserted) => r.performedAt!.getTime()]],
    ['completed', 'performed', 'asc', [(r: Inserted) => r.performedAt!.getTime()]],
    [
      'completed',
      'patient',
      'asc',
      [(r: Inserted) => r.lastName.toLowerCase(), (r: Inserted) => r.firstName.toLowerCase()],
    ],
    [
      'upcoming',
      'patient',
      'desc',
      [(r: Inserted) => r.lastName.toLowerCase(), (r: Inserted) => r.firstName.toLowerCase()],
    ],
    [
      'completed',
      'type',
      'asc',
      [(r: Inserted) => procedureTypes.indexOf(r.type), (r: Inserted) => r.scheduledAt.getTime()],
    ],
    [
      'cancelled',
      'physician',
      'desc',
      [(r: Inserted) => r.physicianName, (r: Inserted) => r.scheduledAt.getTime()],
    ],
  ] as const)('in %s, sorts by %s %s with the id as tie-breaker', async (view, sort, dir, keys) => {
    const expected = all
      .filter((row) => inView(row, view))
      .sort(compareBy([...keys], dir))
      .map((row) => row.id)
    expect((await everything(params({ view, sort, dir }))).map((r) => r.id)).toEqual(expected)
  })

  it('pages without repeating or skipping a row', async () => {
    const db = await getDb()
    const p = params({ view: 'completed', sort: 'patient', dir: 'asc', size: 25 })
    const ordered = await everything(p)
    expect(ordered.length).toBeGreaterThan(25)
    const page2 = await queryProcedures(db, { ...p, page: 2 }, clock)
    expect(page2.total).toBe(ordered.length)
    expect(page2.rows.map((r) => r.id)).toEqual(ordered.slice(25, 50).map((r) => r.id))
    const seen: string[] = []
    for (let page = 1; page <= Math.ceil(ordered.length / 25); page++) {
      const { rows } = await queryProcedures(db, { ...p, page }, clock)
      seen.push(...rows.map((r) => r.id))
    }
    expect(seen).toEqual(ordered.map((r) => r.id))
    expect(await queryProcedures(db, { ...p, page: 99 }, clock)).toEqual({
      rows: [],
      total: ordered.length,
      capped: false,
      hasNext: false,
    })
  })

  it.each([
    ['completed', 'performed', 'desc'],
    ['completed', 'patient', 'asc'],
    ['completed', 'physician', 'desc'],
    ['completed', 'type', 'asc'],
  ] as const)(
    'in %s sorted by %s %s, pages by cursor forwards and back',
    async (view, sort, dir) => {
      const db = await getDb()
      const p = params({ view, sort, dir, size: 25 })
      const ordered = (await everything(p)).map((r) => r.id)
      expect(ordered.length).toBeGreaterThan(25)
      const forwards: string[] = []
      let page = await queryProcedures(db, p, clock)
      for (let n = 1; ; n++) {
        forwards.push(...page.rows.map((r) => r.id))
        if (!page.hasNext) break
        page = await queryProcedures(db, { ...p, page: n + 1, after: forwards.at(-1) }, clock)
      }
      expect(forwards).toEqual(ordered)
      const backwards = page.rows.map((r) => r.id)
      for (let n = Math.ceil(ordered.length / 25) - 1; n >= 1; n--) {
        const previous = await queryProcedures(db, { ...p, page: n, before: backwards[0] }, clock)
        backwards.unshift(...previous.rows.map((r) => r.id))
      }
      expect(backwards).toEqual(ordered)
    },
  )

  it.each([
    [{ view: 'completed', type: 'kyphoplasty' }, (r: Inserted) => r.type === 'kyphoplasty'],
    [
      { view: 'completed', disposition: 'overnight' },
      (r: Inserted) => r.disposition === 'overnight',
    ],
    [
      { view: 'completed', disposition: 'same_day', type: 'vertebroplasty' },
      (r: Inserted) => r.disposition === 'same_day' && r.type === 'vertebroplasty',
    ],
    [{ view: 'upcoming', type: 'vertebroplasty' }, (r: Inserted) => r.type === 'vertebroplasty'],
    [{ view: 'cancelled', type: 'kyphoplasty' }, (r: Inserted) => r.type === 'kyphoplasty'],
  ] as const)('filters %o', async (filter, matches) => {
    const expected = all
      .filter((row) => inView(row, filter.view) && matches(row))
      .map((r) => r.id)
      .sort()
    expect(expected.length).toBeGreaterThan(0)
    const result = await queryProcedures(await getDb(), params({ ...filter, size: 100 }), clock)
    expect(result.total).toBe(expected.length)
    expect(result.rows.map((r) => r.id).sort()).toEqual(expected)
  })

  it('filters by physician', async () => {
    for (const physician of physicians) {
      for (const view of ['upcoming', 'completed'] as const) {
        const expected = all
          .filter((row) => inView(row, view) && row.physicianId === physician.id)
          .map((r) => r.id)
          .sort()
        expect(expected.length).toBeGreaterThan(0)
        const found = await everything(params({ view, physician: physician.id }))
        expect(found.map((r) => r.id).sort()).toEqual(expected)
        expect(found.every((row) => row.physician === physician.name)).toBe(true)
      }
    }
  })

  it('shows an empty result, not an error, when nothing matches', async () => {
    // Scheduled procedures have no disposition yet.
    const result = await queryProcedures(
      await getDb(),
      params({ view: 'upcoming', disposition: 'overnight' }),
      clock,
    )
    expect(result).toEqual({ rows: [], total: 0, capped: false, hasNext: false })
  })
})

describe('listProcedures authorization', () => {
  it('serves clinical roles only', async () => {
    signInAs(null)
    expect(await outcomeOf(() => listProcedures(params({})))).toBe('redirect:/login')
    signInAs(admin)
    expect(await outcomeOf(() => listProcedures(params({})))).toBe('http:403')
    signInAs(coordinator)
    expect(await outcomeOf(() => listProcedures(params({})))).toBe('allowed')
    signInAs(physicianMember)
    expect(await outcomeOf(() => listProcedures(params({ view: 'completed' })))).toBe('allowed')
  })
})
