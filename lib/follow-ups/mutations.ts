import 'server-only'
import { and, eq, sql } from 'drizzle-orm'
import { followUps } from '@/db/schema'
import { INVALID_FIELDS_MESSAGE } from '@/lib/action-result'
import { recordTransition, type MutationOutcome } from '@/lib/candidates/mutations'
import {
  auditPatientChange,
  clinicalWriteContext,
  lockPatient,
  patientWriteTransaction,
} from '@/lib/candidates/patient-scope'
import type { FollowUpInput } from './schemas'
import { refreshFollowUpSummary } from './summary'

const dateError = (message: string) => ({
  ok: false as const,
  message: INVALID_FIELDS_MESSAGE,
  fieldErrors: { assessedOn: [message] },
})

/**
 * Records the scores of one scheduled assessment, within its window (a window that has closed
 * makes it missed). The first assessment after treatment moves the patient into follow-up.
 */
export async function recordFollowUp(
  input: FollowUpInput,
): Promise<MutationOutcome<{ patientId: string }>> {
  const { me, ipAddress, db } = await clinicalWriteContext()
  return patientWriteTransaction(db, me, async (tx) => {
    const [row] = await tx
      .select()
      .from(followUps)
      .where(eq(followUps.id, input.followUpId))
      .for('update')
    if (!row) return { ok: false as const, message: 'No such follow-up.' }
    // Authorized before anything of the follow-up is checked: a window's dates quoted to a member
    // who may not see the record would tell them about it.
    const patient = await lockPatient(tx, row.patientId, me)
    if (row.version !== input.version) {
      return {
        ok: false as const,
        message: 'Someone else recorded this follow-up meanwhile. The page now shows their entry.',
      }
    }
    if (input.assessedOn < row.windowStart)
      return dateError(`This assessment's window opens on ${row.windowStart}`)
    if (input.assessedOn > row.windowEnd)
      return dateError(`This assessment's window closed on ${row.windowEnd}: it was missed`)
    const { followUpId, version, ...scores } = input
    await tx
      .update(followUps)
      .set({
        ...scores,
        recordedBy: me.id,
        version: sql`${followUps.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(followUps.id, followUpId), eq(followUps.version, version)))
    if (patient?.status === 'treated' && row.timepoint !== 'baseline') {
      await recordTransition(tx, {
        patientId: row.patientId,
        from: 'treated',
        to: 'follow_up',
        kind: 'manual',
        note: 'First follow-up recorded',
        actor: me,
        ipAddress,
      })
    }
    await refreshFollowUpSummary(tx, row.patientId)
    await auditPatientChange(tx, {
      action: 'follow_up.recorded',
      patientId: row.patientId,
      actor: me,
      ipAddress,
      details: { followUpId, timepoint: row.timepoint, changed: Object.keys(scores) },
    })
    return { ok: true as const, data: { patientId: row.patientId } }
  })
}
