import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import type { Database } from '@/db/client'
import { calendarDay, dayBounds, formatDateTime } from '@/lib/clinic-time'
import { clinicTimeZone } from '@/lib/env'
import { cappedCount, type CountedPage } from '@/lib/capped-count'
import {
  keyFields,
  keysetPage,
  keyValues,
  laterThan,
  orderByKeys,
  type KeysetOrder,
  type SortKey,
} from '@/lib/keyset'
import {
  patients,
  procedures,
  staff,
  type Disposition,
  type ProcedureType,
  type ProcedureStatus,
} from '@/db/schema'
import { visibleTo, type PatientViewer } from '@/lib/commands/record-visibility'
import type { ProcedureListParams as ListParams, ProcedureSort, ProcedureView } from './list-params'

/** The list's parameters and who is reading: restricted records are hidden from the others. */
type ProcedureListParams = ListParams & PatientViewer

// The procedure list's SQL, free of request context so the benchmark can run it; callers
// authorize first (lib/procedures/list.ts).

export interface ProcedureRow {
  id: string
  patientId: string
  patient: string
  mrn: string
  type: ProcedureType
  /** In the clinic's time zone, e.g. "Mon 7 Dec 2026, 08:30". */
  scheduledAt: string
  performedAt: string | null
  physician: string
  levels: string
  disposition: Disposition | null
  status: ProcedureStatus
}

/** The moment "now" for the views; tests pass their own. */
export interface ProcedureClock {
  now?: Date
}

const physician = alias(staff, 'physician')

// Sorts lead with the columns of procedures_status_scheduled_idx / procedures_status_performed_idx
// (the view fixes the status), with id as the tie-breaker so paging never repeats or skips a row.
// No key is NULL: only completed procedures (performed) can be sorted by their performed time.
const SORT_KEYS: Record<ProcedureSort, SortKey[]> = {
  scheduled: [procedures.scheduledAt, procedures.id],
  performed: [procedures.performedAt, procedures.id],
  patient: [sql`lower(${patients.lastName})`, sql`lower(${patients.firstName})`, procedures.id],
  type: [procedures.type, procedures.scheduledAt, procedures.id],
  physician: [physician.name, procedures.scheduledAt, procedures.id],
}

function procedureOrder(params: Pick<ProcedureListParams, 'sort' | 'dir'>): KeysetOrder {
  return { keys: SORT_KEYS[params.sort], ascending: params.dir === 'asc' }
}

/**
 * Scheduled procedures whose booking has ended without being completed: they stay here until
 * completed, rescheduled or cancelled. The start bound lets the status index do the reading.
 */
export function awaitingCompletion(now: Date): SQL {
  return and(
    eq(procedures.status, 'scheduled'),
    lt(procedures.scheduledAt, now),
    sql`${procedures.scheduledAt} + make_interval(mins => ${procedures.durationMinutes}) <= ${now}`,
  )!
}

/** What each view shows, as of `now` (Today is the clinic's calendar day). */
function viewFilter(view: ProcedureView, now: Date): SQL | undefined {
  switch (view) {
    case 'today': {
      const zone = clinicTimeZone()
      const { start, end } = dayBounds(calendarDay(now, zone), zone)
      return and(
        eq(procedures.status, 'scheduled'),
        gte(procedures.scheduledAt, start),
        lt(procedures.scheduledAt, end),
      )
    }
    case 'upcoming':
      return and(eq(procedures.status, 'scheduled'), gte(procedures.scheduledAt, now))
    case 'needs_completion':
      return awaitingCompletion(now)
    case 'completed':
      return eq(procedures.status, 'completed')
    case 'cancelled':
      return eq(procedures.status, 'cancelled')
  }
}

/** The WHERE clause of a list view: the view and the filters, all on the procedures table. */
export function procedureFilter(
  params: ProcedureListParams,
  { now = new Date() }: ProcedureClock = {},
): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    viewFilter(params.view, now),
    params.type ? eq(procedures.type, params.type) : undefined,
    params.physician ? eq(procedures.physicianId, params.physician) : undefined,
    params.disposition ? eq(procedures.disposition, params.disposition) : undefined,
    visibleTo(procedures.patientId, params.viewerId),
  ]
  return and(...conditions.filter((condition) => condition !== undefined))
}

/** Rows of the list in `order`, filtered, past `seek` when given: the one SELECT of every read. */
async function readProcedures(
  db: Database,
  params: ProcedureListParams,
  clock: ProcedureClock,
  order: KeysetOrder,
  seek: SQL | undefined,
  slice: { limit: number; offset: number },
): Promise<ProcedureRow[]> {
  const rows = await db
    .select({
      id: procedures.id,
      patientId: procedures.patientId,
      firstName: patients.firstName,
      lastName: patients.lastName,
      mrn: patients.mrn,
      type: procedures.type,
      scheduledAt: procedures.scheduledAt,
      performedAt: procedures.performedAt,
      physician: physician.name,
      // Joined in SQL: drivers return enum arrays as text, and the column shows a string anyway.
      levels: sql<string>`array_to_string(${procedures.plannedLevels}, ', ')`,
      disposition: procedures.disposition,
      status: procedures.status,
    })
    .from(procedures)
    .innerJoin(patients, eq(patients.id, procedures.patientId))
    .innerJoin(physician, eq(physician.id, procedures.physicianId))
    .where(and(procedureFilter(params, clock), seek))
    .orderBy(...orderByKeys(order))
    .limit(slice.limit)
    .offset(slice.offset)
  const zone = clinicTimeZone()
  return rows.map(({ firstName, lastName, scheduledAt, performedAt, ...row }) => ({
    ...row,
    patient: `${lastName}, ${firstName}`,
    scheduledAt: formatDateTime(scheduledAt, zone),
    performedAt: performedAt ? formatDateTime(performedAt, zone) : null,
  }))
}

/** The sort key values of one procedure, as text: where a cursor page starts. */
async function procedureBoundary(db: Database, params: ProcedureListParams, id: string) {
  const order = procedureOrder(params)
  const [row] = await db
    .select(keyFields(order))
    .from(procedures)
    .innerJoin(patients, eq(patients.id, procedures.patientId))
    .innerJoin(physician, eq(physician.id, procedures.physicianId))
    .where(eq(procedures.id, id))
  return row ? keyValues(order, row) : undefined
}

/** A slice of the list by OFFSET (tests; a page number typed into the URL). */
export function queryProcedureRows(
  db: Database,
  params: ProcedureListParams,
  slice: { limit: number; offset: number },
  clock: ProcedureClock = {},
): Promise<ProcedureRow[]> {
  return readProcedures(db, params, clock, procedureOrder(params), undefined, slice)
}

/**
 * One page (by its cursor, else its number) with the capped count, and whether a later page
 * exists (one row read past it).
 */
export async function queryProcedures(
  db: Database,
  params: ProcedureListParams,
  clock: ProcedureClock = {},
): Promise<CountedPage<ProcedureRow>> {
  // One clock for both statements, so the page and the total describe the same view. Every
  // filter is on procedures itself, so the count needs no join.
  const fixed = { now: clock.now ?? new Date() }
  const [page, count] = await Promise.all([
    keysetPage({
      order: procedureOrder(params),
      params,
      boundary: (id) => procedureBoundary(db, params, id),
      read: (order, boundary, slice) =>
        readProcedures(db, params, fixed, order, boundary && laterThan(order, boundary), slice),
    }),
    cappedCount(db, procedures, procedureFilter(params, fixed)),
  ])
  return { ...page, ...count }
}
