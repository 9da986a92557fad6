import { and, eq, gte, lte, sql, type SQL } from 'drizzle-orm'
import type { Database } from '@/db/client'
import { catchUpOutcomeRollup } from '@/db/outcome-rollup'
import { outcomePatientCounts, patientStatuses, type PatientStatus } from '@/db/schema'
import type { OutcomeFilters } from './queries'

export interface PatientsByStatus {
  n: number
  statuses: { status: PatientStatus; n: number }[]
}

/**
 * The pipeline (docs/clinical-definitions.md#patients-by-status): patients by their current status.
 * The shared filters read as the registry does: referral date in the range, the assigned physician,
 * the patient's etiology and the planned procedure type. Counted from the rollup of patients by
 * those fields and status, which triggers keep exact.
 */
export async function patientsByStatus(
  db: Database,
  filters: OutcomeFilters = {},
): Promise<PatientsByStatus> {
  await catchUpOutcomeRollup(db)
  return countPatientsByStatus(db, filters)
}

/** patientsByStatus for a caller that has caught the rollup up already (the dashboard). */
export async function countPatientsByStatus(
  db: Database,
  filters: OutcomeFilters,
): Promise<PatientsByStatus> {
  const c = outcomePatientCounts
  const conditions: (SQL | undefined)[] = [
    filters.from ? gte(c.referralDate, filters.from) : undefined,
    filters.to ? lte(c.referralDate, filters.to) : undefined,
    filters.physicianId ? eq(c.assignedPhysicianId, filters.physicianId) : undefined,
    filters.etiology ? eq(c.etiology, filters.etiology) : undefined,
    filters.type ? eq(c.plannedProcedure, filters.type) : undefined,
  ]
  const rows = await db
    .select({ status: c.status, n: sql<number>`sum(${c.n})::int`.mapWith(Number) })
    .from(c)
    .where(and(...conditions))
    .groupBy(c.status)
  const statuses = patientStatuses.map((status) => ({
    status,
    n: rows.find((row) => row.status === status)?.n ?? 0,
  }))
  return { n: statuses.reduce((total, s) => total + s.n, 0), statuses }
}
