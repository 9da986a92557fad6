import 'server-only'
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Transaction } from '@/db/client'
import {
  adverseEvents,
  followUps,
  fractures,
  procedures,
  treatedLevels,
  type Procedure,
  type VertebralLevel,
} from '@/db/schema'
import { fieldError, refused } from '@/lib/action-result'
import { calendarDay } from '@/lib/clinic-time'
import { CLINICAL_ROLES } from '@/lib/auth/session'
import { activePhysicianIds } from '@/lib/commands/patient'
import {
  auditPatientChange,
  lockPatient,
  patientRecordChanged,
  recordTransition,
} from '@/lib/commands/patient'
import { dataAccess, defineCommand, done } from '@/lib/commands/pipeline'
import { violatedUniqueConstraint } from '@/lib/db-errors'
import { clinicTimeZone } from '@/lib/env'
import { followUpSchedule } from '@/lib/follow-ups/rules'
import { refreshFollowUpSummary } from '@/lib/follow-ups/summary'
import { claimFormKey } from '@/lib/idempotency'
import { checkBooking } from './bookings'
import {
  adverseEventSchema,
  cancelProcedureSchema,
  completeProcedureSchema,
  procedureFormObject,
  rescheduleProcedureSchema,
  scheduleProcedureSchema,
  type RescheduleProcedureInput,
  type ScheduleProcedureInput,
} from './schemas'

export const changedMeanwhile = refused(
  'Someone else changed this procedure meanwhile. The page now shows their version: check it and try again.',
)
// The procedure forms post lists (planned and treated levels) the schema reads as arrays.
const procedureForm = (_fields: unknown, form: FormData) => procedureFormObject(form)

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

/** The procedure's columns a plan sets (the form's other fields are not stored). */
function plannedColumns(plan: ScheduleProcedureInput | RescheduleProcedureInput) {
  const { type, scheduledAt, durationMinutes, physicianId, anesthesia, approach, plannedLevels } =
    plan
  return { type, scheduledAt, durationMinutes, physicianId, anesthesia, approach, plannedLevels }
}

/** The audit row's note of a confirmed double booking: the procedures it overlaps. */
const doubleBooked = (procedureIds: string[]) =>
  procedureIds.length > 0 ? { doubleBookedWith: procedureIds } : {}

/** Schedules a procedure for a candidate; the patient moves to "scheduled". */
export const scheduleProcedureCommand = defineCommand({
  roles: CLINICAL_ROLES,
  schema: scheduleProcedureSchema,
  formInput: procedureForm,
  locks: (input) => ({ patientId: input.patientId, version: input.version }),
  async run({ tx, me, ipAddress, patient }, input) {
    if (patient?.status !== 'candidate')
      return refused('Only a candidate can be scheduled: record the decision first.')
    const problem = await planProblems(tx, input.patientId, input)
    if (problem) return problem
    const booking = await checkBooking(tx, me.id, input)
    if (!booking.ok) return booking
    const [procedure] = await tx
      .insert(procedures)
      .values({ patientId: input.patientId, ...plannedColumns(input) })
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
        durationMinutes: input.durationMinutes,
        ...doubleBooked(booking.doubleBookedWith),
        ...(input.alreadyPerformed ? { alreadyPerformed: true } : {}),
      },
    })
    return done({ patientId: input.patientId })
  },
  // A double submit: the partial unique index allows one scheduled procedure per patient.
  refusalFor: (error) =>
    violatedUniqueConstraint(error) === 'procedures_one_scheduled_key'
      ? refused('This patient already has a procedure scheduled.')
      : undefined,
  changed: patientRecordChanged,
  then: { message: 'Procedure scheduled.' },
})

/** The procedure, locked, when it is in `status` at `version`; null when someone changed it. */
export async function lockProcedure(
  tx: Transaction,
  procedureId: string,
  version: number,
  status: Procedure['status'],
) {
  const [row] = await tx
    .select()
    .from(procedures)
    .where(eq(procedures.id, procedureId))
    .for('update')
  if (!row || row.status !== status || row.version !== version) return null
  return row
}

/** Changes the plan of a scheduled procedure; the audit row keeps what it was. */
export const rescheduleProcedureCommand = defineCommand({
  roles: CLINICAL_ROLES,
  schema: rescheduleProcedureSchema,
  formInput: procedureForm,
  async run({ tx, me, ipAddress }, input) {
    const before = await lockProcedure(tx, input.procedureId, input.version, 'scheduled')
    if (!before) return changedMeanwhile
    await lockPatient(tx, before.patientId, me)
    const problem = await planProblems(tx, before.patientId, input)
    if (problem) return problem
    const booking = await checkBooking(tx, me.id, input, {
      procedureId: before.id,
      scheduledAt: before.scheduledAt,
    })
    if (!booking.ok) return booking
    const { procedureId, version } = input
    const plan = plannedColumns(input)
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
        durationMinutes: plan.durationMinutes,
        ...doubleBooked(booking.doubleBookedWith),
      },
    })
    return done({ patientId: before.patientId })
  },
  changed: patientRecordChanged,
  then: { message: 'Procedure rescheduled.' },
})

/** Cancels a scheduled procedure with its reason; the patient is a candidate again. */
export const cancelProcedureCommand = defineCommand({
  roles: CLINICAL_ROLES,
  schema: cancelProcedureSchema,
  async run({ tx, me, ipAddress }, input) {
    const before = await lockProcedure(tx, input.procedureId, input.version, 'scheduled')
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
    return done({ patientId: before.patientId })
  },
  changed: patientRecordChanged,
  then: { message: 'Procedure cancelled.' },
})

/**
 * Completes a procedure (physicians only): treated levels, cement, the required disposition,
 * the patient to "treated", and the follow-up schedule — all in one transaction. The follow-up
 * rows are unique per procedure and timepoint, so a double submit cannot create them twice.
 */
export const completeProcedureCommand = defineCommand({
  roles: ['physician'],
  schema: completeProcedureSchema,
  formInput: procedureForm,
  async run({ tx, me, ipAddress }, input) {
    const before = await lockProcedure(tx, input.procedureId, input.version, 'scheduled')
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
    return done({ patientId: before.patientId })
  },
  changed: patientRecordChanged,
  then: { message: 'Procedure completed.' },
})

async function createFollowUpSchedule(
  tx: Transaction,
  patientId: string,
  procedureId: string,
  performedAt: Date,
) {
  const date = calendarDay(performedAt, clinicTimeZone())
  await tx
    .insert(followUps)
    .values(followUpSchedule(date).map((row) => ({ ...row, patientId, procedureId })))
    .onConflictDoNothing({ target: [followUps.procedureId, followUps.timepoint] })
}

/** Records an adverse event of a completed procedure (physicians only). */
export const recordAdverseEventCommand = defineCommand({
  roles: ['physician'],
  schema: adverseEventSchema,
  async run({ tx, me, ipAddress }, input) {
    const [procedure] = await tx
      .select({
        patientId: procedures.patientId,
        status: procedures.status,
        performedAt: procedures.performedAt,
      })
      .from(procedures)
      .where(eq(procedures.id, input.procedureId))
    if (!procedure || procedure.status !== 'completed') {
      return refused('Adverse events are recorded against a completed procedure.')
    }
    await lockPatient(tx, procedure.patientId, me)
    if (
      procedure.performedAt &&
      input.detectedOn < calendarDay(procedure.performedAt, clinicTimeZone())
    ) {
      return fieldError('detectedOn', 'The date detected cannot be before the procedure')
    }
    const { formKey, ...event } = input
    // A second post of the same form: the first one's event is the answer.
    if (formKey && !(await claimFormKey(tx, me.id, 'adverse_event.record', formKey))) {
      return done({ patientId: procedure.patientId })
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
    return done({ patientId: procedure.patientId })
  },
  changed: patientRecordChanged,
  then: { message: 'Adverse event recorded.' },
})

export const scheduleProcedure = dataAccess(scheduleProcedureCommand)
export const completeProcedure = dataAccess(completeProcedureCommand)
export const rescheduleProcedure = dataAccess(rescheduleProcedureCommand)
export const cancelProcedure = dataAccess(cancelProcedureCommand)
export const recordAdverseEvent = dataAccess(recordAdverseEventCommand)
