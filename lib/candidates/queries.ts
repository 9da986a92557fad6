import 'server-only'
import { asc, count, desc, sql } from 'drizzle-orm'
import { getDb } from '@/db/client'
import { patients, patientStatuses, type PatientStatus } from '@/db/schema'
import { requireRole } from '@/lib/auth/session'
import { visibleTo } from '@/lib/commands/record-visibility'

export interface StatusCount {
  status: PatientStatus
  count: number
}

/** Patients per workflow status, every status listed (zero included), pathway order. */
export async function countPatientsByStatus(): Promise<{ byStatus: StatusCount[]; total: number }> {
  const me = await requireRole('coordinator', 'physician')
  const db = await getDb()
  // Counted as the list shows them: restricted records this member may not see are left out.
  const rows = await db
    .select({ status: patients.status, count: count() })
    .from(patients)
    .where(visibleTo(patients.id, me.id))
    .groupBy(patients.status)
  const counts = new Map(rows.map((row) => [row.status, row.count]))
  const byStatus = patientStatuses.map((status) => ({ status, count: counts.get(status) ?? 0 }))
  return { byStatus, total: byStatus.reduce((sum, row) => sum + row.count, 0) }
}

export interface RecentReferral {
  id: string
  name: string
  mrn: string
  referralDate: string
  status: PatientStatus
}

/** The newest referrals, for the list until its full table lands. */
export async function recentReferrals(limit = 25): Promise<RecentReferral[]> {
  const me = await requireRole('coordinator', 'physician')
  const db = await getDb()
  return db
    .select({
      id: patients.id,
      name: sql<string>`${patients.lastName} || ', ' || ${patients.firstName}`,
      mrn: patients.mrn,
      referralDate: patients.referralDate,
      status: patients.status,
    })
    .from(patients)
    .where(visibleTo(patients.id, me.id))
    .orderBy(desc(patients.referralDate), asc(patients.id))
    .limit(limit)
}
