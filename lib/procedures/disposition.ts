import 'server-only'
import { eq, sql } from 'drizzle-orm'
import { procedures } from '@/db/schema'
import { fieldError } from '@/lib/action-result'
import { CLINICAL_ROLES } from '@/lib/auth/session'
import { auditPatientChange, lockPatient } from '@/lib/commands/patient'
import { dataAccess, defineCommand, done } from '@/lib/commands/pipeline'
import { changedMeanwhile, lockProcedure } from './mutations'
import { dispositionSchema } from './schemas'

/**
 * Records or corrects how a patient left after a completed procedure: the disposition, the
 * overnight reason and the discharge time (coordinators and physicians; docs/clinic-day.md).
 * The audit row keeps the values it replaced.
 */
export const recordDispositionCommand = defineCommand({
  roles: CLINICAL_ROLES,
  schema: dispositionSchema,
  async run({ tx, me, ipAddress }, input) {
    const before = await lockProcedure(tx, input.procedureId, input.version, 'completed')
    if (!before) return changedMeanwhile
    await lockPatient(tx, before.patientId, me)
    if (input.dischargedAt && before.performedAt && input.dischargedAt < before.performedAt) {
      return fieldError('dischargedAt', 'Discharge cannot be before the procedure')
    }
    const after = {
      disposition: input.disposition,
      overnightReason: input.disposition === 'overnight' ? input.overnightReason : null,
      dischargedAt: input.dischargedAt,
    }
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter(
      (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
    )
    if (changed.length === 0) return done({ patientId: before.patientId })
    await tx
      .update(procedures)
      .set({ ...after, version: sql`${procedures.version} + 1`, updatedAt: sql`now()` })
      .where(eq(procedures.id, input.procedureId))
    await auditPatientChange(tx, {
      action: 'procedure.disposition_recorded',
      patientId: before.patientId,
      actor: me,
      ipAddress,
      details: {
        procedureId: input.procedureId,
        changed,
        previous: Object.fromEntries(changed.map((key) => [key, before[key]])),
        current: Object.fromEntries(changed.map((key) => [key, after[key]])),
      },
    })
    return done({ patientId: before.patientId })
  },
  // The record, and the Overview's "Overnight tonight".
  changed: ({ patientId }) => [`/candidates/${patientId}`, '/'],
  then: { message: 'Disposition and discharge saved.' },
})

export const recordDisposition = dataAccess(recordDispositionCommand)
