import 'server-only'
import { and, eq, isNull, sql } from 'drizzle-orm'
import { getDb, type Transaction } from '@/db/client'
import {
  adverseEvents,
  followUps,
  fractures,
  procedures,
  treatedLevels,
  type VertebralLevel,
} from '@/db/schema'
import { INVALID_FIELDS_MESSAGE } from '@/lib/action-result'
import { claimFormKey } from '@/lib/idempotency'
import { requestAddress } from '@/lib/auth'
import { requireRole, type CurrentStaff } from '@/lib/auth/session'
import { violatedUniqueConstraint } from '@/lib/db-errors'
import { followUpSchedule } from '@/lib/follow-ups/rules'
import { refreshFollowUpSummary } from '@/lib/follow-ups/summary'
import {
  activePhysicianIds,
  recordTransition,
  STALE_RECORD_MESSAGE,
  type MutationOutcome,
} from '@/lib/candidates/mutations'
import {
  auditPatientChange,
  clinicalWriteContext,
  lockPatient,
  patientWriteTransaction,
} from '@/lib/candidates/patient-scope'
import type {
  AdverseEventInput,
  CompleteProcedureInput,
  RescheduleProcedureInput,
  ScheduleProcedureInput,
} from './schemas'

type PatientRef = { patientId: string }
const fieldError = (field: string, message: string) => ({
  ok: false as const,
  message: INVALID_FIELDS_MESSAGE,
  fieldErrors: { [field]: [message] },
})
const changedMeanwhile = {
  ok: false as const,
  message:
    'Someone else changed this procedure meanwhile. The page now shows their version: check it and try again.',
}

/** The patient's active fracture levels (id by level): planned and treated levels must be among them. */
async function activeFractureLevels(
  tx: Transaction,
  patientId: string,
): Promise<Map<VertebralLevel, string>> {
  const rows = await tx
    .select({ id: fractures.id, level: fractures.level })
    .from(fractures)
    .where(and(eq(fractures.patientId, patientId), isNull(fractures.removedAt)))
  return new Map(rows.map((row) => [row.level, row.id]))
}

async function planProblems(
  tx: Transaction,
  patientId: string,
  plan: Pick<ScheduleProcedureInput, 'physicianId' | 'plannedLevels'>,
) {
  if (!(await activePhysicianIds(tx, [plan.physicianId])).has(plan.physicianId)) {
    return fieldError('physicianId', 'Choose an active physician')
  }
  const levels = await activeFractureLevels(tx, patientId)
  const unknown = plan.plannedLevels.filter((level) => !levels.has(level))
  if (unknown.length > 0) {
    return fieldError(
      'plannedLevels',
      `No active fracture at ${unknown.join(', ')}: plan levels from the patient's fractures`,
    )
  }
  return null
}

/** Schedules a procedure for a candidate; the patient moves to "scheduled". */
export async function scheduleProcedure(
  input: ScheduleProcedureInput,
): Promise<MutationOutcome<PatientRef>> {
  const { me, ipAddress, db } = await clinicalWriteContext()
  try {
    return await patientWriteTransaction(db, me, async (tx) => {
      const patient = await lockPatient(tx, input.patientId, me)
      if (!patient) return { ok: false as const, message: 'No such patient.' }
      if (patient.version !== input.version)
        return { ok: false as const, message: STALE_RECORD_MESSAGE }
      if (patient.status !== 'candidate') {
        return {
          ok: false as const,
          message: 'Only a candidate can be scheduled: record the decision first.',
        }
      }
      const problem = await planProblems(tx, input.patientId, input)
      if (problem) return problem
      const { patientId, type, scheduledAt, physicianId, anesthesia, approach, plannedLevels } =
        input
      const [procedure] = await tx
        .insert(procedures)
        .values({ patientId, type, scheduledAt, physicianId, anesthesia, approach, plannedLevels })
        .returning({ id: procedures.id })
      await recordTransition(tx, {
        patientId: input.patientId,
        from: 'candidate',
        to: 'scheduled',
        kind: 'procedure',
        note: `${input.type} scheduled`,
        actor: me,
        ipAddress,
      })
      await auditPatientChange(tx, {
        action: 'procedure.scheduled',
        patientId: input.patientId,
        actor: me,
        ipAddress,
        details: {
          procedureId: procedure!.id,
          type: input.type,
          scheduledAt: input.scheduledAt.toISOString(),
        },
      })
      return { ok: true as const, data: { patientId: input.patientId } }
    })
  } catch (error) {
    // A double submit: the partial unique index allows one scheduled procedure per patient.
    if (violatedUniqueConstraint(error) === 'procedures_one_scheduled_key') {
      return { ok: false as const, message: 'This patient already has a procedure scheduled.' }
    }
    throw error
  }
}

async function lockScheduled(tx: Transaction, procedureId: string, version: number) {
  const [row] = await tx
    .select()
    .from(procedures)
    .where(eq(procedures.id, procedureId))
    .for('update')
  if (!row || row.status !== 'scheduled' || row.version !== version) return null
  return row
}

/** Changes the plan of a scheduled procedure; the audit row keeps what it was. */
export async function rescheduleProcedure(
  input: RescheduleProcedureInput,
): Promise<MutationOutcome<PatientRef>> {
  const { me, ipAddress, db } = await clinicalWriteContext()
  return patientWriteTransaction(db, me, async (tx) => {
    const before = await lockScheduled(tx, input.procedureId, input.version)
    if (!before) return changedMeanwhile
    await lockPatient(tx, before.patientId, me)
    const problem = await planProblems(tx, before.patientId, input)
    if (problem) return problem
    const { procedureId, version, ...plan } = input
    await tx
      .update(procedures)
      .set({ ...plan, version: sql`${procedures.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(procedures.id, procedureId), eq(procedures.version, version)))
    const changed = (Object.keys(plan) as (keyof typeof plan)[]).filter(
      (key) => JSON.stringify(before[key]) !== JSON.stringify(plan[key]),
    )
    await auditPatientChange(tx, {
      action: 'procedure.rescheduled',
      patientId: before.patientId,
      actor: me,
      ipAddress,
      details: {
        procedureId,
        changed,
        previousScheduledAt: before.scheduledAt.toISOString(),
        scheduledAt: plan.scheduledAt.toISOString(),
      },
    })
    return { ok: true as const, data: { patientId: before.patientId } }
  })
}

/** Cancels a scheduled procedure with its reason; the patient is a candidate again. */
export async function cancelProcedure(input: {
  procedureId: string
  version: number
  cancelReason: string
}): Promise<MutationOutcome<PatientRef>> {
  const { me, ipAddress, db } = await clinicalWriteContext()
  return patientWriteTransaction(db, me, async (tx) => {
    const before = await lockScheduled(tx, input.procedureId, input.version)
    if (!before) return changedMeanwhile
    await lockPatient(tx, before.patientId, me)
    await tx
      .update(procedures)
      .set({
        status: 'cancelled',
        cancelReason: input.cancelReason,
        version: sql`${procedures.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(procedures.id, input.procedureId))
    await recordTransition(tx, {
      patientId: before.patientId,
      from: 'scheduled',
      to: 'candidate',
      kind: 'procedure',
      note: `Procedure cancelled: ${input.cancelReason}`,
      actor: me,
      ipAddress,
    })
    await auditPatientChange(tx, {
      action: 'procedure.cancelled',
      patientId: before.patientId,
      actor: me,
      ipAddress,
      details: { procedureId: input.procedureId },
    })
    return { ok: true as const, data: { patientId: before.patientId } }
  })
}

/**
 * Completes a procedure (physicians only): treated levels, cement, the required disposition,
 * the patient to "treated", and the follow-up schedule — all in one transaction. The follow-up
 * rows are unique per procedure and timepoint, so a double submit cannot create them twice.
 */
export async function completeProcedure(
  input: CompleteProcedureInput,
): Promise<MutationOutcome<PatientRef>> {
  const me = await requireRole('physician')
  const ipAddress = await requestAddress()
  const db = await getDb()
  return patientWriteTransaction(db, me, async (tx) => {
    const before = await lockScheduled(tx, input.procedureId, input.version)
    if (!before) return changedMeanwhile
    const patient = await lockPatient(tx, before.patientId, me)
    const levels = await activeFractureLevels(tx, before.patientId)
    const unknown = input.levels.filter((level) => !levels.has(level.level))
    if (unknown.length > 0)
      return fieldError('levels', `No active fracture at ${unknown.map((l) => l.level).join(', ')}`)
    await tx
      .update(procedures)
      .set({
        status: 'completed',
        performedAt: input.performedAt,
        cement: input.cement,
        disposition: input.disposition,
        overnightReason: input.disposition === 'overnight' ? input.overnightReason : null,
        dischargedAt: input.dischargedAt,
        version: sql`${procedures.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(eq(procedures.id, input.procedureId))
    await tx.insert(treatedLevels).values(
      input.levels.map((level) => ({
        ...level,
        procedureId: input.procedureId,
        fractureId: levels.get(level.level) ?? null,
      })),
    )
    await createFollowUpSchedule(tx, before.patientId, input.procedureId, input.performedAt)
    if (patient?.status === 'scheduled') {
      await recordTransition(tx, {
        patientId: before.patientId,
        from: 'scheduled',
        to: 'treated',
        kind: 'procedure',
        note: `${before.type} completed`,
        actor: me,
        ipAddress,
      })
    }
    await refreshFollowUpSummary(tx, before.patientId)
    await auditPatientChange(tx, {
      action: 'procedure.completed',
      patientId: before.patientId,
      actor: me,
      ipAddress,
      details: {
        procedureId: input.procedureId,
        levels: input.levels.map((level) => level.level),
        disposition: input.disposition,
        overnightReason: input.overnightReason,
      },
    })
    return { ok: true as const, data: { patientId: before.patientId } }
  })
}

async function createFollowUpSchedule(
  tx: Transaction,
  patientId: string,
  procedureId: string,
  performedAt: Date,
) {
  const date = performedAt.toLocaleDateString('en-CA')
  await tx
    .insert(followUps)
    .values(followUpSchedule(date).map((row) => ({ ...row, patientId, procedureId })))
    .onConflictDoNothing({ target: [followUps.procedureId, followUps.timepoint] })
}

/** Records an adverse event of a completed procedure (physicians only). */
export async function recordAdverseEvent(
  input: AdverseEventInput,
): Promise<MutationOutcome<PatientRef>> {
  const me: CurrentStaff = await requireRole('physician')
  const ipAddress = await requestAddress()
  const db = await getDb()
  return patientWriteTransaction(db, me, async (tx) => {
    const [procedure] = await tx
      .select({
        patientId: procedures.patientId,
        status: procedures.status,
        performedAt: procedures.performedAt,
      })
      .from(procedures)
      .where(eq(procedures.id, input.procedureId))
    if (!procedure || procedure.status !== 'completed') {
      return {
        ok: false as const,
        message: 'Adverse events are recorded against a completed procedure.',
      }
    }
    await lockPatient(tx, procedure.patientId, me)
    if (
      procedure.performedAt &&
      input.detectedOn < procedure.performedAt.toLocaleDateString('en-CA')
    ) {
      return fieldError('detectedOn', 'The date detected cannot be before the procedure')
    }
    const { formKey, ...event } = input
    // A second post of the same form: the first one's event is the answer.
    if (formKey && !(await claimFormKey(tx, me.id, 'adverse_event.record', formKey))) {
      return { ok: true as const, data: { patientId: procedure.patientId } }
    }
    const [row] = await tx
      .insert(adverseEvents)
      .values({ ...event, patientId: procedure.patientId, recordedBy: me.id })
      .returning({ id: adverseEvents.id })
    await auditPatientChange(tx, {
      action: 'adverse_event.recorded',
      patientId: procedure.patientId,
      actor: me,
      ipAddress,
      details: {
        procedureId: input.procedureId,
        adverseEventId: row!.id,
        category: input.category,
      },
    })
    return { ok: true as const, data: { patientId: procedure.patientId } }
  })
}
