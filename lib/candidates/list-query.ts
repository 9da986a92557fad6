import { and, count, eq, gte, like, lt, or, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Database } from '@/db/client'
import {
  patients,
  staff,
  type Disposition,
  type Etiology,
  type PatientStatus,
  type ProcedureType,
} from '@/db/schema'
import { cappedCount, type CountedPage } from '@/lib/capped-count'
import { ageOn } from '@/lib/dates'
import {
  keyFields,
  keysetPage,
  keyValues,
  laterThan,
  orderByKeys,
  type Boundary,
  type KeysetOrder,
  type SortKey,
} from '@/lib/keyset'
import { searchTerms, type CandidateListParams, type CandidateSort } from './list-params'
import { visibleTo, type PatientViewer } from '@/lib/commands/record-visibility'

/** The list's parameters and who is reading: restricted records are hidden from the others. */
export type ScopedListParams = CandidateListParams & PatientViewer

// The candidate list's SQL, free of request context so the benchmark and the export can run it;
// callers authorize first (lib/candidates/list.ts).

export interface CandidateRow {
  id: string
  name: string
  mrn: string
  age: number
  levels: string
  etiology: Etiology
  status: PatientStatus
  procedure: ProcedureType | null
  disposition: Disposition | null
  nextFollowUp: string | null
  physician: string
  referralDate: string
}

const physician = alias(staff, 'physician')

// Each sort is the leading columns of an index (db/schema/patients.ts), with id as the tie-breaker
// so paging never shows a row twice or skips one.
const SORT_KEYS: Record<CandidateSort, SortKey[]> = {
  name: [sql`lower(${patients.lastName})`, sql`lower(${patients.firstName})`, patients.id],
  mrn: [patients.mrn, patients.id],
  age: [patients.dateOfBirth, patients.id],
  levels: [patients.fractureCount, patients.id],
  etiology: [patients.etiology, patients.id],
  status: [patients.status, patients.id],
  procedure: [patients.plannedProcedure, patients.id],
  disposition: [patients.lastDisposition, patients.id],
  nextFollowUp: [patients.nextFollowUpOn, patients.id],
  // Physician id too, so two physicians of one name never interleave (see readByPhysician).
  physician: [physician.name, physician.id, patients.id],
  referralDate: [patients.referralDate, patients.id],
}
const NULLABLE_SORTS: ReadonlySet<CandidateSort> = new Set([
  'procedure',
  'disposition',
  'nextFollowUp',
])

function candidateOrder(params: Pick<CandidateListParams, 'sort' | 'dir'>): KeysetOrder {
  return {
    keys: SORT_KEYS[params.sort],
    // Older patients have earlier birth dates: age ascending is date of birth descending.
    ascending: params.sort === 'age' ? params.dir === 'desc' : params.dir === 'asc',
    nullableFirst: NULLABLE_SORTS.has(params.sort),
  }
}

/** The smallest string above every string that starts with `prefix`, in code point order. */
function prefixEnd(prefix: string): string {
  const characters = [...prefix]
  const last = characters.pop()!.codePointAt(0)!
  return characters.join('') + String.fromCodePoint(last + 1)
}

/** The ways one search term matches: a prefix of the last name, of the first name, of the MRN. */
function termMatches(term: string): SQL[] {
  const lastName = sql`lower(${patients.lastName})`
  const lower = term.toLowerCase()
  return [
    // The range lets a name-ordered scan start and stop at the prefix: the planner turns LIKE
    // into a range only under the C collation (C.UTF-8 walked 890k index entries at 1M).
    and(like(lastName, `${lower}%`), gte(lastName, lower), lt(lastName, prefixEnd(lower)))!,
    like(sql`lower(${patients.firstName})`, `${lower}%`),
    like(patients.mrn, `${term.toUpperCase()}%`),
  ]
}

/** The WHERE clause of a list view: filters, and each search term prefixing a name part or the MRN. */
export function candidateFilter(params: ScopedListParams): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    params.status ? eq(patients.status, params.status) : undefined,
    params.etiology ? eq(patients.etiology, params.etiology) : undefined,
    params.procedure ? eq(patients.plannedProcedure, params.procedure) : undefined,
    params.physician ? eq(patients.assignedPhysicianId, params.physician) : undefined,
    ...searchTerms(params.q).map((term) => or(...termMatches(term))),
    visibleTo(patients.id, params.viewerId),
  ]
  return and(...conditions.filter((condition) => condition !== undefined))
}

/**
 * The WHERE clause of a search, as the ids of one page's worth of rows per way the first term
 * matches, each read in the list's order. One OR over the three prefixes makes PostgreSQL
 * collect every match and sort them all (91 ms for "wal" at 1M patients); apart, each branch
 * takes the cheaper of a range in the sort's index and a top-N of its own matches.
 */
function searchFilter(
  params: ScopedListParams,
  order: KeysetOrder,
  seek: SQL | undefined,
  rows: number,
): SQL | undefined {
  const [first, ...others] = searchTerms(params.q)
  if (first === undefined) return and(candidateFilter(params), seek)
  const rest = and(candidateFilter({ ...params, q: others.join(' ') || undefined }), seek)
  const branches = termMatches(first).map(
    (match) =>
      sql`(select ${patients.id} from ${patients} where ${and(match, rest)} order by ${sql.join(orderByKeys(order), sql`, `)} limit ${rows})`,
  )
  return sql`${patients.id} in (${sql.join(branches, sql` union `)})`
}

/** Rows of the list in `order`, filtered, past `seek` when given: the one SELECT of every read. */
async function readCandidates(
  db: Database,
  params: ScopedListParams,
  order: KeysetOrder,
  seek: SQL | undefined,
  slice: { limit: number; offset: number },
): Promise<CandidateRow[]> {
  const rows = await db
    .select({
      id: patients.id,
      firstName: patients.firstName,
      lastName: patients.lastName,
      mrn: patients.mrn,
      dateOfBirth: patients.dateOfBirth,
      levels: patients.fractureLevels,
      etiology: patients.etiology,
      status: patients.status,
      procedure: patients.plannedProcedure,
      disposition: patients.lastDisposition,
      nextFollowUp: patients.nextFollowUpOn,
      physician: physician.name,
      referralDate: patients.referralDate,
    })
    .from(patients)
    .innerJoin(physician, eq(physician.id, patients.assignedPhysicianId))
    .where(
      // The physician sort's keys are on the joined physician: only a page number reaches it here.
      params.sort === 'physician'
        ? and(candidateFilter(params), seek)
        : searchFilter(params, order, seek, slice.offset + slice.limit),
    )
    .orderBy(...orderByKeys(order))
    .limit(slice.limit)
    .offset(slice.offset)
  return rows.map(({ firstName, lastName, dateOfBirth, ...row }) => ({
    ...row,
    name: `${lastName}, ${firstName}`,
    age: ageOn(dateOfBirth),
  }))
}

/**
 * The physician sort as a walk: physicians in name order, each one's patients in id order
 * through patients_assigned_physician_idx, until the page is full. Sorting the join instead
 * reads every matching patient (44 ms at 100k on PostgreSQL, growing with the table).
 */
async function readByPhysician(
  db: Database,
  params: ScopedListParams,
  order: KeysetOrder,
  boundary: Boundary | undefined,
  limit: number,
): Promise<CandidateRow[]> {
  const [name, physicianId, patientId] = boundary ?? []
  const fromBoundary =
    boundary &&
    (order.ascending
      ? sql`(${staff.name}, ${staff.id}) >= (${name}, ${physicianId})`
      : sql`(${staff.name}, ${staff.id}) <= (${name}, ${physicianId})`)
  const physicians = await db
    .select({ id: staff.id })
    .from(staff)
    .where(and(params.physician ? eq(staff.id, params.physician) : undefined, fromBoundary))
    .orderBy(...orderByKeys({ keys: [staff.name, staff.id], ascending: order.ascending }))
  const byId: KeysetOrder = { keys: [patients.id], ascending: order.ascending }
  const rows: CandidateRow[] = []
  for (const { id } of physicians) {
    const seek = id === physicianId && patientId ? laterThan(byId, [patientId]) : undefined
    const slice = { limit: limit - rows.length, offset: 0 }
    rows.push(...(await readCandidates(db, { ...params, physician: id }, byId, seek, slice)))
    if (rows.length >= limit) break
  }
  return rows
}

/** A page's rows after `boundary` (when given): the physician sort walks, the others seek. */
function readPage(
  db: Database,
  params: ScopedListParams,
  order: KeysetOrder,
  boundary: Boundary | undefined,
  slice: { limit: number; offset: number },
): Promise<CandidateRow[]> {
  // A page number typed into the URL (an offset) reads the sorted join like any other sort.
  if (params.sort === 'physician' && slice.offset === 0)
    return readByPhysician(db, params, order, boundary, slice.limit)
  return readCandidates(db, params, order, boundary && laterThan(order, boundary), slice)
}

/** The sort key values of one patient, as text: where a cursor page starts. */
async function candidateBoundary(db: Database, params: ScopedListParams, id: string) {
  const order = candidateOrder(params)
  const [row] = await db
    .select(keyFields(order))
    .from(patients)
    .innerJoin(physician, eq(physician.id, patients.assignedPhysicianId))
    .where(eq(patients.id, id))
  return row ? keyValues(order, row) : undefined
}

/** A slice of the list by OFFSET (tests; a page number typed into the URL). */
export function queryCandidateRows(
  db: Database,
  params: ScopedListParams,
  slice: { limit: number; offset: number },
): Promise<CandidateRow[]> {
  return readCandidates(db, params, candidateOrder(params), undefined, slice)
}

/** Up to `limit` rows after the row `afterId` (from the start without one): the export's batches. */
export async function queryCandidatesAfter(
  db: Database,
  params: ScopedListParams,
  afterId: string | undefined,
  limit: number,
): Promise<CandidateRow[]> {
  const order = candidateOrder(params)
  const boundary = afterId === undefined ? undefined : await candidateBoundary(db, params, afterId)
  return readPage(db, params, order, boundary, { limit, offset: 0 })
}

/** The exact count, for the export (which reads every row anyway). */
export async function countCandidates(db: Database, params: ScopedListParams): Promise<number> {
  const [row] = await db.select({ n: count() }).from(patients).where(candidateFilter(params))
  return row?.n ?? 0
}

/**
 * One page (by its cursor, else its number) with the capped count, and whether a later page
 * exists (one row read past it).
 */
export async function queryCandidates(
  db: Database,
  params: ScopedListParams,
): Promise<CountedPage<CandidateRow>> {
  const [page, count] = await Promise.all([
    keysetPage({
      order: candidateOrder(params),
      params,
      boundary: (id) => candidateBoundary(db, params, id),
      read: (order, boundary, slice) => readPage(db, params, order, boundary, slice),
    }),
    cappedCount(db, patients, candidateFilter(params)),
  ])
  return { ...page, ...count }
}
