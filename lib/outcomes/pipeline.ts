import { and, count, eq, gte, lte, type SQL } from 'drizzle-orm'
import type { Database } from '@/db/client'
import { patients, patientStatuses, type PatientStatus } from '@/db/schema'
import type { OutcomeFilters } from './queries'

export interface PatientsByStatus {
  n: number
  statuses: { status: PatientStatus; n: number }[]
}

/**
 * The pipeline (DESIGN.md §3 "patients by status"): patients by their current status. The
 * shared filters read as the registry does: referral date in the range, the assigned physician,
 * the patient's etiology and the planned procedure type.
 */
export async function patientsByStatus(
  db: Database,
  filters: OutcomeFilters = {},
): Promise<PatientsByStatus> {
  const conditions: (SQL | undefined)[] = [
    filters.from ? gte(patients.referralDate, filters.from) : undefined,
    filters.to ? lte(patients.referralDate, filters.to) : undefined,
    filters.physicianId ? eq(patients.assignedPhysicianId, filters.physicianId) : undefined,
    filters.etiology ? eq(patients.etiology, filters.etiology) : undefined,
    filters.type ? eq(patients.plannedProcedure, filters.type) : undefined,
  ]
  const rows = await db
    .select({ status: patients.status, n: count() })
    .from(patients)
    .where(and(...conditions))
    .groupBy(patients.status)
  const statuses = patientStatuses.map((status) => ({
    status,
    n: rows.find((row) => row.status === status)?.n ?? 0,
  }))
  return { n: statuses.reduce((total, s) => total + s.n, 0), statuses }
}
