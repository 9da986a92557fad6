import 'server-only'
import { and, eq, sql } from 'drizzle-orm'
import { followUps } from '@/db/schema'
import { fieldError, refused } from '@/lib/action-result'
import { CLINICAL_ROLES } from '@/lib/auth/session'
import {
  auditPatientChange,
  lockPatient,
  patientRecordChanged,
  recordTransition,
} from '@/lib/commands/patient'
import { dataAccess, defineCommand, done } from '@/lib/commands/pipeline'
import { followUpSchema } from './schemas'
import { refreshFollowUpSummary } from './summary'

/**
 * Records the scores of one scheduled assessment, within its window (a window that has closed
 * makes it missed). The first assessment after treatment moves the patient into follow-up.
 */
export const recordFollowUpCommand = defineCommand({
  roles: CLINICAL_ROLES,
  schema: followUpSchema,
  // The timepoint select carries "<follow-up id>:<version>".
  formInput: (fields) => {
    const [followUpId, version] = String(fields.followUpRef ?? '').split(':')
    return { ...fields, followUpId, version }
  },
  async run({ tx, me, ipAddress }, input) {
    const [row] = await tx
      .select()
      .from(followUps)
      .where(eq(followUps.id, input.followUpId))
      .for('update')
    if (!row) return refused('No such follow-up.')
    // Authorized before anything of the follow-up is checked: a window's dates quoted to a member
    // who may not see the record would tell them about it.
    const patient = await lockPatient(tx, row.patientId, me)
    if (row.version !== input.version)
      return refused(
        'Someone else recorded this follow-up meanwhile. The page now shows their entry.',
      )
    if (input.assessedOn < row.windowStart)
      return fieldError('assessedOn', `This assessment's window opens on ${row.windowStart}`)
    if (input.assessedOn > row.windowEnd) {
      return fieldError(
        'assessedOn',
        `This assessment's window closed on ${row.windowEnd}: it was missed`,
      )
    }
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
    return done({ patientId: row.patientId })
  },
  changed: patientRecordChanged,
  then: { message: 'Follow-up saved.' },
})

export const recordFollowUp = dataAccess(recordFollowUpCommand)
