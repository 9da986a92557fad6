import 'server-only'
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Transaction } from '@/db/client'
import { candidacyAssessments, fractures, patients } from '@/db/schema'
import { INVALID_FIELDS_MESSAGE, refused } from '@/lib/action-result'
import { auditPatientChange, patientRecordChanged, recordTransition } from '@/lib/commands/patient'
import { dataAccess, defineCommand, done } from '@/lib/commands/pipeline'
import { canDecideFrom } from '@/lib/commands/workflow'
import { STATUS_LABELS } from '@/lib/candidates/labels'
import { decisionProblems, evaluateChecklist, type FractureFacts } from './rules'
import { checklistSchema, decisionSchema, type DecisionInput } from './schemas'

export async function fractureFacts(tx: Transaction, patientId: string): Promise<FractureFacts> {
  const [row] = await tx
    .select({
      maxHeightLossPct: sql<string | null>`max(${fractures.heightLossPct})`,
      activeLevels: sql<number>`count(*)::int`,
      treatableLevels: sql<number>`(count(*) filter (where ${fractures.level} <> 'S1'))::int`,
      anyRetropulsion: sql<boolean>`coalesce(bool_or(${fractures.retropulsion}), false)`,
    })
    .from(fractures)
    .where(and(eq(fractures.patientId, patientId), isNull(fractures.removedAt)))
  return {
    maxHeightLossPct: row?.maxHeightLossPct == null ? null : Number(row.maxHeightLossPct),
    activeLevels: row?.activeLevels ?? 0,
    treatableLevels: row?.treatableLevels ?? 0,
    anyRetropulsion: row?.anyRetropulsion ?? false,
  }
}

/**
 * The candidacy decision: physicians only (the server refuses everyone else, however the request
 * arrives). Evaluates the checklist against the fractures, refuses what the rules refuse, then
 * stores the assessment and moves the patient, all in one transaction.
 */
export const recordDecisionCommand = defineCommand({
  roles: ['physician'],
  schema: decisionSchema,
  // Two physicians deciding from the same view: the second is refused, not merged.
  locks: (input) => ({ patientId: input.patientId, version: input.version }),
  async run({ tx, me, ipAddress, patient: locked }, input) {
    const patient = locked!
    if (!canDecideFrom(patient.status)) {
      return refused(
        `A decision cannot be recorded for a patient who is ${STATUS_LABELS[patient.status].toLowerCase()}.`,
      )
    }
    const evaluation = evaluateChecklist(input, await fractureFacts(tx, input.patientId))
    const problems = decisionProblems(input, evaluation)
    if (Object.keys(problems).length > 0) {
      return refused(problems.decision?.[0] ?? INVALID_FIELDS_MESSAGE, { fieldErrors: problems })
    }
    const plannedProcedure = input.decision === 'candidate' ? input.plannedProcedure : null
    // The answers only (the decision's own fields are columns of their own).
    const checklist = Object.fromEntries(
      Object.keys(checklistSchema.shape).map((key) => [key, input[key as keyof DecisionInput]]),
    )
    await tx.insert(candidacyAssessments).values({
      patientId: input.patientId,
      physicianId: me.id,
      checklist: { ...checklist, evaluation },
      decision: input.decision,
      plannedProcedure,
      reason: input.reason,
      justification: input.justification,
    })
    await auditPatientChange(tx, {
      action: 'candidacy.decided',
      patientId: input.patientId,
      actor: me,
      ipAddress,
      details: {
        decision: input.decision,
        plannedProcedure,
        allCriteriaMet: evaluation.allCriteriaMet,
      },
    })
    // Re-deciding the same outcome (e.g. changing the planned procedure) is not a status change.
    if (patient.status === input.decision) {
      await tx
        .update(patients)
        .set({ plannedProcedure, version: sql`${patients.version} + 1`, updatedAt: sql`now()` })
        .where(eq(patients.id, input.patientId))
    } else {
      await recordTransition(
        tx,
        {
          patientId: input.patientId,
          from: patient.status,
          to: input.decision,
          kind: 'decision',
          note: input.reason ?? input.justification,
          actor: me,
          ipAddress,
        },
        { plannedProcedure },
      )
    }
    return done({ patientId: input.patientId })
  },
  changed: patientRecordChanged,
  then: { message: 'Decision saved.' },
})

export const recordDecision = dataAccess(recordDecisionCommand)
