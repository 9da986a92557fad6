import 'server-only'
import { and, eq, isNull, sql } from 'drizzle-orm'
import type { Transaction } from '@/db/client'
import { fractures, patients } from '@/db/schema'
import { fieldError, refused } from '@/lib/action-result'
import { CLINICAL_ROLES } from '@/lib/auth/session'
import { violatedUniqueConstraint } from '@/lib/db-errors'
import { auditPatientChange, lockPatient, patientRecordChanged } from '@/lib/commands/patient'
import { defineCommand, done, perform } from '@/lib/commands/pipeline'
import {
  addFractureSchema,
  removeFractureSchema,
  updateFractureSchema,
  type FractureFields,
} from './schemas'

// One active fracture per level: the partial unique index is the arbiter of a race.
const levelTaken = (error: unknown, input: { level: string }) =>
  violatedUniqueConstraint(error) === 'fractures_active_level_key'
    ? fieldError('level', `There is already an active fracture at ${input.level}`)
    : undefined
const gone = refused('That fracture no longer exists: the page now shows the current list.')

/**
 * Recomputes the list's Levels columns from the active fractures, in the same transaction as
 * the fracture change. Enum order is anatomical order, so ORDER BY level reads T1 … S1.
 */
async function refreshFractureSummary(tx: Transaction, patientId: string): Promise<void> {
  const active = sql`from ${fractures} where ${fractures.patientId} = ${patientId} and ${fractures.removedAt} is null`
  await tx
    .update(patients)
    .set({
      fractureCount: sql`(select count(*)::int ${active})`,
      fractureLevels: sql`coalesce((select string_agg(${fractures.level}::text, ', ' order by ${fractures.level}) ${active}), '')`,
      updatedAt: sql`now()`,
    })
    .where(eq(patients.id, patientId))
}

export const addFractureCommand = defineCommand({
  roles: CLINICAL_ROLES,
  schema: addFractureSchema,
  locks: (input) => ({ patientId: input.patientId }),
  async run({ tx, me, ipAddress }, { patientId, ...fields }) {
    const [row] = await tx
      .insert(fractures)
      .values({ ...fields, patientId })
      .returning({ id: fractures.id })
    await refreshFractureSummary(tx, patientId)
    await auditPatientChange(tx, {
      action: 'fracture.created',
      patientId,
      actor: me,
      ipAddress,
      details: { fractureId: row!.id, level: fields.level },
    })
    return done({ patientId })
  },
  refusalFor: levelTaken,
  changed: patientRecordChanged,
  then: { message: 'Fracture added.' },
})

export const updateFractureCommand = defineCommand({
  roles: CLINICAL_ROLES,
  schema: updateFractureSchema,
  async run({ tx, me, ipAddress }, { fractureId, version, ...fields }) {
    const [before] = await tx
      .select()
      .from(fractures)
      .where(and(eq(fractures.id, fractureId), isNull(fractures.removedAt)))
    if (!before) return gone
    await lockPatient(tx, before.patientId, me)
    const updated = await tx
      .update(fractures)
      .set({ ...fields, version: sql`${fractures.version} + 1`, updatedAt: sql`now()` })
      .where(
        and(
          eq(fractures.id, fractureId),
          eq(fractures.version, version),
          isNull(fractures.removedAt),
        ),
      )
      .returning({ id: fractures.id })
    if (updated.length === 0) {
      return refused(
        'Someone else changed this fracture while you were editing. The page now shows their version.',
      )
    }
    await refreshFractureSummary(tx, before.patientId)
    const changed = (Object.keys(fields) as (keyof FractureFields)[]).filter(
      (key) => before[key] !== fields[key],
    )
    await auditPatientChange(tx, {
      action: 'fracture.updated',
      patientId: before.patientId,
      actor: me,
      ipAddress,
      details: { fractureId, level: fields.level, changed },
    })
    return done({ patientId: before.patientId })
  },
  refusalFor: levelTaken,
  changed: patientRecordChanged,
  then: { message: 'Fracture saved.' },
})

/** Removal keeps the row for history; the level becomes free for a new fracture. */
export const removeFractureCommand = defineCommand({
  roles: CLINICAL_ROLES,
  schema: removeFractureSchema,
  async run({ tx, me, ipAddress }, { fractureId, version }) {
    const [target] = await tx
      .select({ patientId: fractures.patientId })
      .from(fractures)
      .where(and(eq(fractures.id, fractureId), isNull(fractures.removedAt)))
    if (!target) return gone
    // The patient lock orders this with concurrent adds, so the Levels summary counts them.
    await lockPatient(tx, target.patientId, me)
    const [row] = await tx
      .update(fractures)
      .set({ removedAt: sql`now()`, updatedAt: sql`now()` })
      .where(
        and(
          eq(fractures.id, fractureId),
          eq(fractures.version, version),
          isNull(fractures.removedAt),
        ),
      )
      .returning({ level: fractures.level })
    if (!row) {
      return refused(
        'Someone else changed this fracture meanwhile. The page now shows their version: check it and try again.',
      )
    }
    await refreshFractureSummary(tx, target.patientId)
    await auditPatientChange(tx, {
      action: 'fracture.removed',
      patientId: target.patientId,
      actor: me,
      ipAddress,
      details: { fractureId, level: row.level },
    })
    return done({ patientId: target.patientId })
  },
  changed: patientRecordChanged,
  then: { message: 'Fracture removed.' },
})

// The data-access layer's calls, as the integration tests make them.
export const addFracture = (patientId: string, fields: FractureFields) =>
  perform(addFractureCommand, { ...fields, patientId })
export const updateFracture = (fractureId: string, version: number, fields: FractureFields) =>
  perform(updateFractureCommand, { ...fields, fractureId, version })
export const removeFracture = (fractureId: string, version: number) =>
  perform(removeFractureCommand, { fractureId, version })
