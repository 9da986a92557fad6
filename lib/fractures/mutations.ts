import 'server-only'
import { and, eq, isNull, sql } from 'drizzle-orm'
import { getDb } from '@/db/client'
import { fractures } from '@/db/schema'
import { INVALID_FIELDS_MESSAGE } from '@/lib/action-result'
import { requestAddress } from '@/lib/auth'
import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import { violatedUniqueConstraint } from '@/lib/db-errors'
import type { MutationOutcome } from '@/lib/patients/mutations'
import {
  auditPatientChange,
  lockPatient,
  refreshFractureSummary,
} from '@/lib/patients/patient-scope'
import type { FractureFields } from './schema'

const levelTaken = (level: string): MutationOutcome => ({
  ok: false,
  message: INVALID_FIELDS_MESSAGE,
  fieldErrors: { level: [`There is already an active fracture at ${level}`] },
})
const gone: MutationOutcome = {
  ok: false,
  message: 'That fracture no longer exists: the page now shows the current list.',
}

async function context() {
  const me = await requireRole(...CLINICAL_ROLES)
  return { me, ipAddress: await requestAddress(), db: await getDb() }
}

export async function addFracture(
  patientId: string,
  input: FractureFields,
): Promise<MutationOutcome> {
  const { me, ipAddress, db } = await context()
  try {
    return await db.transaction(async (tx) => {
      if (!(await lockPatient(tx, patientId)))
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
      return { ok: true as const, data: undefined }
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
): Promise<MutationOutcome> {
  const { me, ipAddress, db } = await context()
  try {
    return await db.transaction(async (tx) => {
      const [before] = await tx
        .select()
        .from(fractures)
        .where(and(eq(fractures.id, fractureId), isNull(fractures.removedAt)))
      if (!before) return gone
      await lockPatient(tx, before.patientId)
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
      return { ok: true as const, data: undefined }
    })
  } catch (error) {
    if (violatedUniqueConstraint(error) === 'fractures_active_level_key')
      return levelTaken(input.level)
    throw error
  }
}

/** Removal keeps the row for history; the level becomes free for a new fracture. */
export async function removeFracture(fractureId: string): Promise<MutationOutcome> {
  const { me, ipAddress, db } = await context()
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(fractures)
      .set({ removedAt: sql`now()`, updatedAt: sql`now()` })
      .where(and(eq(fractures.id, fractureId), isNull(fractures.removedAt)))
      .returning({ patientId: fractures.patientId, level: fractures.level })
    if (!row) return gone
    await refreshFractureSummary(tx, row.patientId)
    await auditPatientChange(tx, {
      action: 'fracture.removed',
      patientId: row.patientId,
      actor: me,
      ipAddress,
      details: { fractureId, level: row.level },
    })
    return { ok: true as const, data: undefined }
  })
}
