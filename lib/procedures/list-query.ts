import { addDays, format, startOfDay } from 'date-fns'
import { and, asc, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm'
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Database } from '@/db/client'
import { cappedCount } from '@/lib/capped-count'
import {
  patients,
  procedures,
  staff,
  type Disposition,
  type ProcedureType,
  type procedureStatuses,
} from '@/db/schema'
import type { ProcedureListParams, ProcedureSort, ProcedureView } from './list-params'

// The procedure list's SQL, free of request context so the benchmark can run it; callers
// authorize first (lib/procedures/list.ts).

export interface ProcedureRow {
  id: string
  patientId: string
  patient: string
  mrn: string
  type: ProcedureType
  /** yyyy-MM-dd HH:mm in the server's time zone (set TZ to the clinic's). */
  scheduledAt: string
  performedAt: string | null
  physician: string
  levels: string
  disposition: Disposition | null
  status: (typeof procedureStatuses)[number]
}

/** The moment "now" for the views; tests pass their own. */
export interface ProcedureClock {
  now?: Date
}

const physician = alias(staff, 'physician')

// Sorts lead with the columns of procedures_status_scheduled_idx / procedures_status_performed_idx
// (the view fixes the status), with id as the tie-breaker so paging never repeats or skips a row.
const SORT_COLUMNS: Record<ProcedureSort, (SQL | AnyPgColumn)[]> = {
  scheduled: [procedures.scheduledAt, procedures.id],
  performed: [procedures.performedAt, procedures.id],
  patient: [sql`lower(${patients.lastName})`, sql`lower(${patients.firstName})`, procedures.id],
  type: [procedures.type, procedures.scheduledAt, procedures.id],
  physician: [physician.name, procedures.scheduledAt, procedures.id],
}

function orderBy(params: Pick<ProcedureListParams, 'sort' | 'dir'>): SQL[] {
  return SORT_COLUMNS[params.sort].map((column) =>
    params.dir === 'asc' ? asc(column) : desc(column),
  )
}

/** What each view shows, as of `now` (Today is the server's calendar day). */
function viewFilter(view: ProcedureView, now: Date): SQL | undefined {
  switch (view) {
    case 'today': {
      const start = startOfDay(now)
      return and(
        eq(procedures.status, 'scheduled'),
        gte(procedures.scheduledAt, start),
        lt(procedures.scheduledAt, addDays(start, 1)),
      )
    }
    case 'upcoming':
      return and(eq(procedures.status, 'scheduled'), gte(procedures.scheduledAt, now))
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
  ]
  return and(...conditions.filter((condition) => condition !== undefined))
}

const dateTime = (value: Date) => format(value, 'yyyy-MM-dd HH:mm')

/** One page (or any slice) of the list in SQL: view, filters, order, limit, offset. */
export async function queryProcedureRows(
  db: Database,
  params: ProcedureListParams,
  slice: { limit: number; offset: number },
  clock: ProcedureClock = {},
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
    .where(procedureFilter(params, clock))
    .orderBy(...orderBy(params))
    .limit(slice.limit)
    .offset(slice.offset)
  return rows.map(({ firstName, lastName, scheduledAt, performedAt, ...row }) => ({
    ...row,
    patient: `${lastName}, ${firstName}`,
    scheduledAt: dateTime(scheduledAt),
    performedAt: performedAt ? dateTime(performedAt) : null,
  }))
}

/** One page with the capped count, and whether a later page exists (one row read past it). */
export async function queryProcedures(
  db: Database,
  params: ProcedureListParams,
  clock: ProcedureClock = {},
) {
  // One clock for both statements, so the page and the total describe the same view. Every
  // filter is on procedures itself, so the count needs no join.
  const fixed = { now: clock.now ?? new Date() }
  const [rows, count] = await Promise.all([
    queryProcedureRows(
      db,
      params,
      { limit: params.size + 1, offset: (params.page - 1) * params.size },
      fixed,
    ),
    cappedCount(db, procedures, procedureFilter(params, fixed)),
  ])
  return { rows: rows.slice(0, params.size), hasNext: rows.length > params.size, ...count }
}
