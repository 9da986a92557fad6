import 'server-only'
import { eq, sql } from 'drizzle-orm'
import type { Transaction } from '@/db/client'
import { followUps, patients, procedures } from '@/db/schema'

/**
 * Recomputes the list's Disposition and Next follow-up columns for one patient, in the caller's
 * transaction: the latest completed procedure's disposition, and the earliest open follow-up
 * whose window has not closed.
 */
export async function refreshFollowUpSummary(tx: Transaction, patientId: string): Promise<void> {
  await tx
    .update(patients)
    .set({
      lastDisposition: sql`(select ${procedures.disposition} from ${procedures} where ${procedures.patientId} = ${patientId} and ${procedures.status} = 'completed' order by ${procedures.performedAt} desc limit 1)`,
      nextFollowUpOn: sql`(select min(${followUps.dueOn}) from ${followUps} where ${followUps.patientId} = ${patientId} and ${followUps.assessedOn} is null and ${followUps.windowEnd} >= current_date)`,
      updatedAt: sql`now()`,
    })
    .where(eq(patients.id, patientId))
}
