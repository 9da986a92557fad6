import { sql } from 'drizzle-orm'
import type { Database } from '@/db/client'
import { outcomePatientCounts, patientStatuses, type PatientStatus } from '@/db/schema'
import { patientScope, type OutcomeFilters } from './filters'

export interface PatientsByStatus {
  n: number
  statuses: { status: PatientStatus; n: number }[]
}

/**
 * The pipeline (docs/clinical-definitions.md#patients-by-status): patients by their current status,
 * every status listed. The shared filters read as the registry does (patientScope). Counted from
 * the rollup of patients by those fields and status, which triggers keep exact; the caller
 * catches the rollup up first (the dashboard).
 */
export async function countPatientsByStatus(
  db: Database,
  filters: OutcomeFilters,
): Promise<PatientsByStatus> {
  const c = outcomePatientCounts
  const rows = await db
    .select({ status: c.status, n: sql<number>`sum(${c.n})::int`.mapWith(Number) })
    .from(c)
    .where(patientScope(c, filters))
    .groupBy(c.status)
  const statuses = patientStatuses.map((status) => ({
    status,
    n: rows.find((row) => row.status === status)?.n ?? 0,
  }))
  return { n: statuses.reduce((total, s) => total + s.n, 0), statuses }
}
