import { and, asc, count, desc, eq, like, or, sql, type SQL } from 'drizzle-orm'
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Database } from '@/db/client'
import {
  patients,
  staff,
  type Disposition,
  type Etiology,
  type PatientStatus,
  type ProcedureType,
} from '@/db/schema'
import { cappedCount } from '@/lib/capped-count'
import { ageOn } from '@/lib/dates'
import { searchTerms, type CandidateListParams, type CandidateSort } from './list-params'

// The candidate list's SQL, free of request context so the benchmark and the export can run it;
// callers authorize first (lib/patients/list.ts).

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

// Each sort is the leading columns of an index (see db/schema.ts), with id as the tie-breaker
// so paging never shows a row twice or skips one.
const SORT_COLUMNS: Record<CandidateSort, (SQL | AnyPgColumn)[]> = {
  name: [sql`lower(${patients.lastName})`, sql`lower(${patients.firstName})`, patients.id],
  mrn: [patients.mrn, patients.id],
  // Older patients have earlier birth dates: age ascending is date of birth descending.
  age: [patients.dateOfBirth, patients.id],
  levels: [patients.fractureCount, patients.id],
  etiology: [patients.etiology, patients.id],
  status: [patients.status, patients.id],
  procedure: [patients.plannedProcedure, patients.id],
  disposition: [patients.lastDisposition, patients.id],
  nextFollowUp: [patients.nextFollowUpOn, patients.id],
  physician: [physician.name, patients.id],
  referralDate: [patients.referralDate, patients.id],
}

function orderBy(params: Pick<CandidateListParams, 'sort' | 'dir'>): SQL[] {
  const ascending = params.sort === 'age' ? params.dir === 'desc' : params.dir === 'asc'
  return SORT_COLUMNS[params.sort].map((column) => (ascending ? asc(column) : desc(column)))
}

/** The WHERE clause of a list view: filters, and each search term prefixing a name part or the MRN. */
export function candidateFilter(params: CandidateListParams): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    params.status ? eq(patients.status, params.status) : undefined,
    params.etiology ? eq(patients.etiology, params.etiology) : undefined,
    params.procedure ? eq(patients.plannedProcedure, params.procedure) : undefined,
    params.physician ? eq(patients.assignedPhysicianId, params.physician) : undefined,
    ...searchTerms(params.q).map((term) =>
      or(
        like(sql`lower(${patients.lastName})`, `${term.toLowerCase()}%`),
        like(sql`lower(${patients.firstName})`, `${term.toLowerCase()}%`),
        like(patients.mrn, `${term.toUpperCase()}%`),
      ),
    ),
  ]
  return and(...conditions.filter((condition) => condition !== undefined))
}

/** One page (or, for export, any slice) of the list in SQL: filters, order, limit, offset. */
export async function queryCandidateRows(
  db: Database,
  params: CandidateListParams,
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
    .where(candidateFilter(params))
    .orderBy(...orderBy(params))
    .limit(slice.limit)
    .offset(slice.offset)
  return rows.map(({ firstName, lastName, dateOfBirth, ...row }) => ({
    ...row,
    name: `${lastName}, ${firstName}`,
    age: ageOn(dateOfBirth),
  }))
}

/** The exact count, for the export (which reads every row anyway). */
export async function countCandidates(db: Database, params: CandidateListParams): Promise<number> {
  const [row] = await db.select({ n: count() }).from(patients).where(candidateFilter(params))
  return row?.n ?? 0
}

/** One page with the capped count, and whether a later page exists (one row read past it). */
export async function queryCandidates(db: Database, params: CandidateListParams) {
  const [rows, count] = await Promise.all([
    queryCandidateRows(db, params, {
      limit: params.size + 1,
      offset: (params.page - 1) * params.size,
    }),
    cappedCount(db, patients, candidateFilter(params)),
  ])
  return { rows: rows.slice(0, params.size), hasNext: rows.length > params.size, ...count }
}
