import 'server-only'
import { and, eq, isNull, sql } from 'drizzle-orm'
import { fractures } from '@/db/schema'
import { INVALID_FIELDS_MESSAGE } from '@/lib/action-result'
import { violatedUniqueConstraint } from '@/lib/db-errors'
import type { MutationOutcome } from '@/lib/candidates/mutations'
import {
  auditPatientChange,
  clinicalWriteContext,
  lockPatient,
  patientWriteTransaction,
  refreshFractureSummary,
} from '@/lib/candidates/patient-scope'
import type { FractureFields } from './schemas'

type PatientRef = { patientId: string }

const levelTaken = (level: string) => ({
  ok: false as const,
  message: INVALID_FIELDS_MESSAGE,
  fieldErrors: { level: [`There is already an active fracture at ${level}`] },
})
const changedMeanwhile = {
  ok: false as const,
  message:
    'Someone else changed this fracture meanwhile. The page now shows their version: check it and try again.',
}
const gone = {
  ok: false as const,
  message: 'That fracture no longer exists: the page now shows the current list.',
}

export async function addFracture(
  patientId: string,
  input: FractureFields,
): Promise<MutationOutcome<PatientRef>> {
  const { me, ipAddress, db } = await clinicalWriteContext()
  try {
    return await patientWriteTransaction(db, me, async (tx) => {
      if (!(await lockPatient(tx, patientId, me)))
        return { ok: false as const, message: 'No such patient.' }
      const [row] = await tx
        .insert(fractures)
        .values({ ...input, patientId })
        .returning({ id: fractures.id })
      await refreshFractureSummary(tx, patientId)
      await auditPatientChange(tx, {
        action: 'fracture.created',
        patientId,
        actor: me,
        ipAddress,
        details: { fractureId: row!.id, level: input.level },
      })
      return { ok: true as const, data: { patientId } }
    })
  } catch (error) {
    // One active fracture per level: the partial unique index is the arbiter.
    if (violatedUniqueConstraint(error) === 'fractures_active_level_key')
      return levelTaken(input.level)
    throw error
  }
}

export async function updateFracture(
  fractureId: string,
  version: number,
  input: FractureFields,
): Promise<MutationOutcome<PatientRef>> {
  const { me, ipAddress, db } = await clinicalWriteContext()
  try {
    return await patientWriteTransaction(db, me, async (tx) => {
      const [before] = await tx
        .select()
        .from(fractures)
        .where(and(eq(fractures.id, fractureId), isNull(fractures.removedAt)))
      if (!before) return gone
      await lockPatient(tx, before.patientId, me)
      const updated = await tx
        .update(fractures)
        .set({ ...input, version: sql`${fractures.version} + 1`, updatedAt: sql`now()` })
        .where(
          and(
            eq(fractures.id, fractureId),
            eq(fractures.version, version),
            isNull(fractures.removedAt),
          ),
        )
        .returning({ id: fractures.id })
      if (updated.length === 0) {
        return {
          ok: false as const,
          message:
            'Someone else changed this fracture while you were editing. The page now shows their version.',
        }
      }
      await refreshFractureSummary(tx, before.patientId)
      const changed = (Object.keys(input) as (keyof FractureFields)[]).filter(
        (key) => before[key] !== input[key],
      )
      await auditPatientChange(tx, {
        action: 'fracture.updated',
        patientId: before.patientId,
        actor: me,
        ipAddress,
        details: { fractureId, level: input.level, changed },
      })
      return { ok: true as const, data: { patientId: before.patientId } }
    })
  } catch (error) {
    if (violatedUniqueConstraint(error) === 'fractures_active_level_key')
      return levelTaken(input.level)
    throw error
  }
}

/** Removal keeps the row for history; the level becomes free for a new fracture. */
export async function removeFracture(
  fractureId: string,
  version: number,
): Promise<MutationOutcome<PatientRef>> {
  const { me, ipAddress, db } = await clinicalWriteContext()
  return patientWriteTransaction(db, me, async (tx) => {
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
    if (!row) return changedMeanwhile
    await refreshFractureSummary(tx, target.patientId)
    await auditPatientChange(tx, {
      action: 'fracture.removed',
      patientId: target.patientId,
      actor: me,
      ipAddress,
      details: { fractureId, level: row.level },
    })
    return { ok: true as const, data: { patientId: target.patientId } }
  })
}
