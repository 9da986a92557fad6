import 'server-only'
import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Database } from '@/db/client'
import { procedureAmendments, procedures, staff, treatedLevels } from '@/db/schema'
import { fieldError, refused } from '@/lib/action-result'
import { calendarDay, formatDateTime } from '@/lib/clinic-time'
import { auditPatientChange, lockPatient, patientRecordChanged } from '@/lib/commands/patient'
import { dataAccess, defineCommand, done } from '@/lib/commands/pipeline'
import { clinicTimeZone } from '@/lib/env'
import { changedMeanwhile, lockProcedure } from './mutations'
import { amendProcedureSchema, procedureFormObject, type AmendProcedureInput } from './schemas'

// Amendments (docs/clinic-day.md#amendments): a physician corrects a completed procedure's
// details with a reason. The procedure holds the latest values (what charts read); each
// amendment keeps what it changed, before and after, under the version it made.

type LevelValues = AmendProcedureInput['levels'][number]

const LEVEL_FIELDS: [keyof Omit<LevelValues, 'level'>, string][] = [
  ['cementVolumeMl', 'cement volume (mL)'],
  ['kyphoticAngleBeforeDeg', 'angle before (°)'],
  ['kyphoticAngleAfterDeg', 'angle after (°)'],
  ['heightRestoredPct', 'height restored (%)'],
]

/** The values an amendment may change, keyed by their names in words ("L1 cement volume (mL)"). */
function amendable(
  procedure: { performedAt: Date; cement: string },
  levels: readonly LevelValues[],
  zone: string,
): Record<string, string | number | null> {
  const values: Record<string, string | number | null> = {
    'performed at': formatDateTime(procedure.performedAt, zone),
    cement: procedure.cement,
  }
  for (const level of levels) {
    for (const [field, label] of LEVEL_FIELDS) values[`${level.level} ${label}`] = level[field]
  }
  return values
}

/** Amends a completed procedure (physicians): the details, not the levels treated or the day. */
export const amendProcedureCommand = defineCommand({
  roles: ['physician'],
  schema: amendProcedureSchema,
  // The treated levels come as levels.<LEVEL>.<field>, each with levels.<LEVEL>.treated.
  formInput: (_fields: unknown, form: FormData) => procedureFormObject(form),
  async run({ tx, me, ipAddress }, input) {
    const before = await lockProcedure(tx, input.procedureId, input.version, 'completed')
    if (!before?.performedAt) return changedMeanwhile
    await lockPatient(tx, before.patientId, me)
    const recorded = await tx
      .select()
      .from(treatedLevels)
      .where(eq(treatedLevels.procedureId, before.id))
      .orderBy(asc(treatedLevels.level))
    const sameLevels =
      recorded.length === input.levels.length &&
      recorded.every((row) => input.levels.some((level) => level.level === row.level))
    if (!sameLevels) {
      return fieldError(
        'levels',
        'An amendment corrects the levels treated, it does not change them',
      )
    }
    const zone = clinicTimeZone()
    // The follow-up schedule counts from the day performed.
    if (calendarDay(input.performedAt, zone) !== calendarDay(before.performedAt, zone)) {
      return fieldError(
        'performedAt',
        'An amendment keeps the day performed (the follow-up schedule counts from it): correct the time only',
      )
    }
    if (before.dischargedAt && before.dischargedAt < input.performedAt) {
      return fieldError('performedAt', 'The procedure cannot end after the recorded discharge')
    }
    const previous = amendable(
      { performedAt: before.performedAt, cement: before.cement },
      recorded,
      zone,
    )
    const current = amendable(input, input.levels, zone)
    const changed = Object.keys(current).filter((key) => previous[key] !== current[key])
    if (changed.length === 0) {
      return refused('Nothing to amend: the values are the ones recorded.')
    }
    const version = before.version + 1
    await tx
      .update(procedures)
      .set({ performedAt: input.performedAt, cement: input.cement, version, updatedAt: sql`now()` })
      .where(eq(procedures.id, before.id))
    for (const { level, ...values } of input.levels) {
      await tx
        .update(treatedLevels)
        .set(values)
        .where(and(eq(treatedLevels.procedureId, before.id), eq(treatedLevels.level, level)))
    }
    await tx.insert(procedureAmendments).values({
      procedureId: before.id,
      version,
      amendedBy: me.id,
      reason: input.reason,
      previous: Object.fromEntries(changed.map((key) => [key, previous[key]])),
      current: Object.fromEntries(changed.map((key) => [key, current[key]])),
    })
    // The reason's words stay with the amendment, on the record; the log says one was given.
    await auditPatientChange(tx, {
      action: 'procedure.amended',
      patientId: before.patientId,
      actor: me,
      ipAddress,
      details: { procedureId: before.id, version, changed },
    })
    return done({ patientId: before.patientId })
  },
  changed: patientRecordChanged,
  then: { message: 'Amendment saved.' },
})

export const amendProcedure = dataAccess(amendProcedureCommand)

export interface ProcedureAmendment {
  id: string
  procedureId: string
  amendedAt: Date
  amendedBy: string
  reason: string
  changes: { field: string; before: string; after: string }[]
}

const shown = (value: unknown) => (value === null || value === undefined ? '—' : String(value))

/** The amendments of these procedures, oldest first (callers authorize). */
export async function amendmentsOf(
  db: Database,
  procedureIds: string[],
): Promise<ProcedureAmendment[]> {
  if (procedureIds.length === 0) return []
  const rows = await db
    .select({
      id: procedureAmendments.id,
      procedureId: procedureAmendments.procedureId,
      amendedAt: procedureAmendments.amendedAt,
      amendedBy: staff.name,
      reason: procedureAmendments.reason,
      previous: procedureAmendments.previous,
      current: procedureAmendments.current,
    })
    .from(procedureAmendments)
    .innerJoin(staff, eq(staff.id, procedureAmendments.amendedBy))
    .where(inArray(procedureAmendments.procedureId, procedureIds))
    .orderBy(asc(procedureAmendments.procedureId), asc(procedureAmendments.version))
  return rows.map(({ previous, current, ...row }) => ({
    ...row,
    changes: Object.keys(current).map((field) => ({
      field,
      before: shown(previous[field]),
      after: shown(current[field]),
    })),
  }))
}
