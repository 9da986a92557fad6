import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import { patients, staff } from '@/db/schema'
import { seedPatients } from '@/db/seed/seed'
import { insertStaff } from '@/db/testing/factories'
import { ageOn } from '@/lib/dates'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'
import { CANDIDATE_SORTS, candidateListParams, type CandidateListParams } from './list-params'

vi.mock('@/lib/auth', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)
const { listCandidates } = await import('./list')
const { queryCandidateRows, queryCandidates } = await import('./list-query')

type Row = typeof patients.$inferSelect & { physicianName: string }
let all: Row[]
let physicianIds: string[]
let coordinator: Awaited<ReturnType<typeof insertStaff>>
let admin: Awaited<ReturnType<typeof insertStaff>>

// Read as a member with no grants (no patient here is restricted).
const params = (overrides: Partial<CandidateListParams>) => ({
  ...candidateListParams.parse(overrides),
  viewerId: '00000000-0000-0000-0000-000000000000',
})
// Everything that matches, in the query's order (the largest slice the tests need).
const everything = async (p: ReturnType<typeof params>) =>
  queryCandidateRows(await getDb(), p, { limit: 10_000, offset: 0 })

beforeAll(async () => {
  const db = await getDb()
  const physicians = await Promise.all(
    ['Dr. Ada Byrne', 'Dr. Ben Ortiz', 'Dr. Cleo Haas'].map((name) =>
      insertStaff(db, 'unused', { role: 'physician', name }),
    ),
  )
  physicianIds = physicians.map((p) => p.id)
  coordinator = await insertStaff(db, 'unused', { role: 'coordinator' })
  admin = await insertStaff(db, 'unused', { role: 'admin' })
  await seedPatients(db, { count: 600, seed: 11, physicianIds })
  const rows = await db
    .select({ patient: patients, physicianName: staff.name })
    .from(patients)
    .innerJoin(staff, eq(staff.id, patients.assignedPhysicianId))
  all = rows.map((row) => ({ ...row.patient, physicianName: row.physicianName }))
})

describe('candidate list query', () => {
  it('returns the total and one page in the requested order, with stable paging', async () => {
    const db = await getDb()
    const ordered = await everything(params({ sort: 'referralDate', dir: 'desc' }))
    expect(ordered).toHaveLength(600)
    const page2 = await queryCandidates(
      db,
      params({ sort: 'referralDate', dir: 'desc', page: 2, size: 25 }),
    )
    expect(page2).toMatchObject({ total: 600, capped: false, hasNext: true })
    const last = await queryCandidates(db, params({ sort: 'referralDate', dir: 'desc', page: 24 }))
    expect(last).toMatchObject({ total: 600, hasNext: false })
    expect(last.rows).toHaveLength(25)
    expect(page2.rows.map((r) => r.id)).toEqual(ordered.slice(25, 50).map((r) => r.id))
    // Every row exactly once across all pages of 100.
    const seen = new Set<string>()
    for (let page = 1; page <= 6; page++) {
      const { rows } = await queryCandidates(
        db,
        params({ sort: 'status', dir: 'asc', page, size: 100 }),
      )
      for (const row of rows) seen.add(row.id)
    }
    expect(seen.size).toBe(600)
  })

  it.each([
    ['referralDate', 'asc', (r: Row) => r.referralDate],
    ['referralDate', 'desc', (r: Row) => r.referralDate],
    ['mrn', 'asc', (r: Row) => r.mrn],
    ['levels', 'desc', (r: Row) => r.fractureCount],
    ['age', 'asc', (r: Row) => ageOn(r.dateOfBirth)],
    ['age', 'desc', (r: Row) => ageOn(r.dateOfBirth)],
  ] as const)('sorts by %s %s', async (sort, dir, key) => {
    const byId = new Map(all.map((row) => [row.id, row]))
    const values = (await everything(params({ sort, dir }))).map((row) => key(byId.get(row.id)!))
    const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    expect(values).toEqual(dir === 'asc' ? sorted : sorted.reverse())
  })

  it('sorts by status and etiology in pathway (enum) order, and by physician name', async () => {
    const statusOrder = (await everything(params({ sort: 'status', dir: 'asc' }))).map(
      (r) => r.status,
    )
    const expectedStatuses = [...new Set(statusOrder)]
    expect(statusOrder).toEqual(
      [...statusOrder].sort((a, b) => expectedStatuses.indexOf(a) - expectedStatuses.indexOf(b)),
    )
    expect(expectedStatuses.indexOf('referred')).toBeLessThan(expectedStatuses.indexOf('closed'))
    const physicianOrder = (await everything(params({ sort: 'physician', dir: 'desc' }))).map(
      (r) => r.physician,
    )
    expect([...new Set(physicianOrder)]).toEqual([
      'Dr. Cleo Haas',
      'Dr. Ben Ortiz',
      'Dr. Ada Byrne',
    ])
  })

  it('sorts by name: last name, then first name, case-insensitively', async () => {
    const names = (await everything(params({ sort: 'name', dir: 'asc' }))).map((r) =>
      r.name.toLowerCase(),
    )
    const compare = (a: string, b: string) =>
      a.localeCompare(b, 'en', { sensitivity: 'base', ignorePunctuation: true })
    for (let i = 1; i < names.length; i++)
      expect(compare(names[i - 1]!, names[i]!)).toBeLessThanOrEqual(0)
  })

  it.each([
    [{ status: 'evaluation' as const }, (r: Row) => r.status === 'evaluation'],
    [{ etiology: 'metastatic_tumor' as const }, (r: Row) => r.etiology === 'metastatic_tumor'],
    [{ procedure: 'kyphoplasty' as const }, (r: Row) => r.plannedProcedure === 'kyphoplasty'],
    [
      { status: 'closed' as const, procedure: 'vertebroplasty' as const },
      (r: Row) => r.status === 'closed' && r.plannedProcedure === 'vertebroplasty',
    ],
  ])('filters %o', async (filter, matches) => {
    const expected = all
      .filter(matches)
      .map((r) => r.id)
      .sort()
    expect(expected.length).toBeGreaterThan(0)
    const result = await queryCandidates(await getDb(), params({ ...filter, size: 100 }))
    expect(result.total).toBe(expected.length)
    expect((await everything(params(filter))).map((r) => r.id).sort()).toEqual(expected)
  })

  it('filters by physician', async () => {
    const physician = physicianIds[1]!
    const expected = all
      .filter((r) => r.assignedPhysicianId === physician)
      .map((r) => r.id)
      .sort()
    expect((await everything(params({ physician }))).map((r) => r.id).sort()).toEqual(expected)
  })

  it('searches case-insensitively by a prefix of either name part or of the MRN', async () => {
    const sample = all[42]!
    const lastPrefix = sample.lastName.slice(0, 3).toUpperCase()
    const firstPrefix = sample.firstName.slice(0, 2).toLowerCase()
    const mrnPrefix = sample.mrn.slice(0, 6).toLowerCase()
    const matchesTerm = (row: Row, term: string) =>
      row.lastName.toLowerCase().startsWith(term.toLowerCase()) ||
      row.firstName.toLowerCase().startsWith(term.toLowerCase()) ||
      row.mrn.startsWith(term.toUpperCase())
    for (const q of [
      lastPrefix,
      firstPrefix,
      mrnPrefix,
      `${firstPrefix} ${lastPrefix}`,
      sample.mrn,
    ]) {
      const terms = q.split(' ')
      const expected = all
        .filter((row) => terms.every((term) => matchesTerm(row, term)))
        .map((r) => r.id)
        .sort()
      const found = (await everything(params({ q }))).map((r) => r.id).sort()
      expect(found, q).toEqual(expected)
      expect(found).toContain(sample.id)
    }
    // A prefix, not a substring: the middle of a name does not match.
    const middle = sample.lastName.slice(2, 5)
    const found = await everything(params({ q: middle }))
    expect(
      found.every((row) =>
        matchesTerm(
          all.find((r) => r.id === row.id)!,
          middle,
        ),
      ),
    ).toBe(true)
  })

  // Next seeks after the page's last row, Previous before its first (lib/keyset.ts).
  describe.each(
    CANDIDATE_SORTS.flatMap((sort) => [[sort, 'asc'] as const, [sort, 'desc'] as const]),
  )('paging by cursor, sort %s %s', (sort, dir) => {
    it('walks forwards and back over every row once, in the OFFSET order', async () => {
      const db = await getDb()
      const base = { sort, dir, size: 50 } as const
      const expected = (await everything(params(base))).map((r) => r.id)
      const forwards: string[] = []
      let page = await queryCandidates(db, params(base))
      for (let n = 1; ; n++) {
        forwards.push(...page.rows.map((r) => r.id))
        if (!page.hasNext) break
        page = await queryCandidates(db, params({ ...base, page: n + 1, after: forwards.at(-1) }))
      }
      expect(forwards).toEqual(expected)
      // Back from the last page: every earlier page, each with a next page after it.
      const backwards = [...page.rows.map((r) => r.id)]
      for (let n = Math.ceil(600 / 50) - 1; n >= 1; n--) {
        const previous = await queryCandidates(
          db,
          params({ ...base, page: n, before: backwards[0] }),
        )
        expect(previous.hasNext).toBe(true)
        backwards.unshift(...previous.rows.map((r) => r.id))
      }
      expect(backwards).toEqual(expected)
    })
  })

  it('pages by cursor within a filter, and by page number when the cursor row is unknown', async () => {
    const db = await getDb()
    const filtered = { status: 'follow_up', sort: 'nextFollowUp', dir: 'asc', size: 25 } as const
    const expected = (await everything(params(filtered))).map((r) => r.id)
    expect(expected.length).toBeGreaterThan(25)
    const second = await queryCandidates(db, params({ ...filtered, page: 2, after: expected[24] }))
    expect(second.rows.map((r) => r.id)).toEqual(expected.slice(25, 50))
    // Previous from a row with less than a page before it: the first page, full.
    const early = await queryCandidates(db, params({ ...filtered, page: 2, before: expected[10] }))
    expect(early.rows.map((r) => r.id)).toEqual(expected.slice(0, 25))
    expect(early.hasNext).toBe(true)
    const unknown = '00000000-0000-4000-8000-000000000000'
    const byNumber = await queryCandidates(db, params({ ...filtered, page: 2, after: unknown }))
    expect(byNumber.rows.map((r) => r.id)).toEqual(expected.slice(25, 50))
  })

  it('has NULLs in the nullable sort columns, so cursor paging crosses them', () => {
    for (const column of ['plannedProcedure', 'lastDisposition', 'nextFollowUpOn'] as const) {
      expect(
        all.some((r) => r[column] === null),
        column,
      ).toBe(true)
      expect(
        all.some((r) => r[column] !== null),
        column,
      ).toBe(true)
    }
  })

  it('pages a search by cursor and by page number in the list order, every match once', async () => {
    const db = await getDb()
    const term = all[7]!.lastName.slice(0, 1)
    const matches = (row: Row) =>
      [row.lastName, row.firstName].some((name) =>
        name.toLowerCase().startsWith(term.toLowerCase()),
      ) || row.mrn.startsWith(term.toUpperCase())
    const expected = all
      .filter(matches)
      .sort((a, b) =>
        a.referralDate !== b.referralDate
          ? b.referralDate.localeCompare(a.referralDate)
          : b.id.localeCompare(a.id),
      )
      .map((row) => row.id)
    expect(expected.length).toBeGreaterThan(25)
    const base = { q: term, sort: 'referralDate', dir: 'desc', size: 25 } as const
    const byCursor: string[] = []
    const byNumber: string[] = []
    for (let page = 1; byCursor.length < expected.length; page++) {
      const next = await queryCandidates(
        db,
        params({ ...base, page, after: page > 1 ? byCursor.at(-1) : undefined }),
      )
      expect(next.rows.length).toBeGreaterThan(0)
      byCursor.push(...next.rows.map((r) => r.id))
      byNumber.push(...(await queryCandidates(db, params({ ...base, page }))).rows.map((r) => r.id))
    }
    expect(byCursor).toEqual(expected)
    expect(byNumber).toEqual(expected)
  })

  it('shows an empty result, not an error, when nothing matches', async () => {
    const result = await queryCandidates(await getDb(), params({ q: 'zzzzzz' }))
    expect(result).toEqual({ rows: [], total: 0, capped: false, hasNext: false })
  })
})

describe('listCandidates authorization', () => {
  it('serves clinical roles only', async () => {
    signInAs(null)
    expect(await outcomeOf(() => listCandidates(params({})))).toBe('redirect:/login')
    signInAs(admin)
    expect(await outcomeOf(() => listCandidates(params({})))).toBe('http:403')
    signInAs(coordinator)
    expect(await outcomeOf(() => listCandidates(params({})))).toBe('allowed')
  })
})
