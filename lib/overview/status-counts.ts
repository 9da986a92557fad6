import 'server-only'
import { and, count, eq } from 'drizzle-orm'
import { getDb } from '@/db/client'
import { patients, patientStatuses } from '@/db/schema'
import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import { visibleTo } from '@/lib/commands/record-visibility'
import type { PatientStatus } from '@/lib/candidates/labels'
import type { WorklistScope } from './worklists'

export interface StatusCount {
  status: PatientStatus
  count: number
}

export interface StatusCounts {
  byStatus: StatusCount[]
  total: number
}

/**
 * The Overview's "Patients by status": every status listed (zero included), pathway order,
 * counted as the candidate list shows them to this member. The outcomes pipeline counts the
 * whole clinic from its rollup instead (lib/outcomes/pipeline.ts).
 */
export async function visiblePatientsByStatus(scope: WorklistScope = 'all'): Promise<StatusCounts> {
  const me = await requireRole(...CLINICAL_ROLES)
  const db = await getDb()
  // Restricted records this member may not see are left out, as the list leaves them out.
  const rows = await db
    .select({ status: patients.status, count: count() })
    .from(patients)
    .where(
      and(
        visibleTo(patients.id, me.id),
        scope === 'mine' && me.role === 'physician'
          ? eq(patients.assignedPhysicianId, me.id)
          : undefined,
      ),
    )
    .groupBy(patients.status)
  const counts = new Map(rows.map((row) => [row.status, row.count]))
  const byStatus = patientStatuses.map((status) => ({ status, count: counts.get(status) ?? 0 }))
  return { byStatus, total: byStatus.reduce((sum, row) => sum + row.count, 0) }
}
