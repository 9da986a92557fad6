import { eq, sql } from 'drizzle-orm'
import { getDb, type Executor } from '@/db/client'
import { OUTCOME_ROLLUP_DEFER_SETTING } from '@/db/outcome-rollup'
import {
  adverseEventCategories,
  adverseEvents,
  etiologies,
  followUps,
  followUpTimepoints,
  patients,
  patientStatuses,
  procedures,
  treatedLevels,
  type FollowUpTimepoint,
} from '@/db/schema'
import { seedPatients } from '@/db/seed/seed'
import { insertStaff } from '@/db/testing/factories'
import { rowsOf } from './rollup-reference'

// The changes the rollup tests make to outcome data, each applied through the database as the
// app or an operator would, on data the seed generates.

export const physicianIds: string[] = []

export async function pick<T = { id: string }>(ex: Executor, query: ReturnType<typeof sql>) {
  return rowsOf<T>(await ex.execute(query))[0]
}

/** The n-th (modulo the count) row id of a query ordered by id; undefined when there is none. */
async function nth(ex: Executor, n: number, from: ReturnType<typeof sql>) {
  const count = rowsOf<{ n: number }>(await ex.execute(sql`select count(*)::int as n ${from}`))[0]!
    .n
  if (count === 0) return undefined
  return (await pick(ex, sql`select id ${from} order by id offset ${n % count} limit 1`))?.id
}

export const completedWithPairs = sql`
  select p.id from procedures p
  where p.status = 'completed'
    and exists (select from follow_ups b where b.procedure_id = p.id and b.timepoint = 'baseline'
      and b.assessed_on is not null and b.pain_nrs is not null)
    and exists (select from follow_ups f where f.procedure_id = p.id and f.timepoint = 'm1'
      and f.assessed_on is not null and f.pain_nrs is not null)
  order by p.id limit 1`

export type Change =
  | {
      kind: 'score'
      procedure: number
      timepoint: FollowUpTimepoint
      assessed: boolean
      pain: number | null
      odi: number | null
    }
  | { kind: 'dropFollowUp'; procedure: number; timepoint: FollowUpTimepoint }
  | { kind: 'toggleCompleted'; procedure: number }
  | { kind: 'moveDay'; procedure: number; hours: number }
  | { kind: 'toggleType'; procedure: number }
  | { kind: 'physician'; procedure: number; physician: number }
  | { kind: 'overnight'; procedure: number }
  | { kind: 'angles'; level: number; before: number | null; after: number | null }
  | { kind: 'event'; procedure: number; category: number; symptomatic: boolean }
  | { kind: 'dropEvent'; event: number }
  | { kind: 'etiology'; patient: number; etiology: number }
  | { kind: 'status'; patient: number; status: number }
  | { kind: 'dropPatient'; patient: number }
  | {
      kind: 'newProcedure'
      patient: number
      physician: number
      hours: number
      completed: boolean
      pain: (number | null)[]
      angles: [number, number] | null
      event: boolean
      // Under the key of an existing completed procedure, which `touch` also changes.
      like: number | null
      touch: boolean
    }

const anyProcedure = sql`from procedures`
const performedProcedure = sql`from procedures where performed_at is not null`

export async function apply(ex: Executor, change: Change): Promise<void> {
  switch (change.kind) {
    case 'score': {
      const id = await nth(ex, change.procedure, performedProcedure)
      if (!id) return
      const [existing] = await ex
        .select({ id: followUps.id })
        .from(followUps)
        .where(
          sql`${followUps.procedureId} = ${id} and ${followUps.timepoint} = ${change.timepoint}`,
        )
      const values = {
        assessedOn: change.assessed ? '2026-01-15' : null,
        painNrs: change.pain,
        odi: change.odi,
      }
      if (existing) {
        await ex.update(followUps).set(values).where(eq(followUps.id, existing.id))
      } else {
        const procedure = (await ex.select().from(procedures).where(eq(procedures.id, id)))[0]!
        await ex.insert(followUps).values({
          ...values,
          patientId: procedure.patientId,
          procedureId: id,
          timepoint: change.timepoint,
          dueOn: '2026-01-15',
          windowStart: '2026-01-01',
          windowEnd: '2026-02-01',
        })
      }
      return
    }
    case 'dropFollowUp': {
      const id = await nth(ex, change.procedure, anyProcedure)
      if (id)
        await ex
          .delete(followUps)
          .where(
            sql`${followUps.procedureId} = ${id} and ${followUps.timepoint} = ${change.timepoint}`,
          )
      return
    }
    case 'toggleCompleted': {
      const id = await nth(ex, change.procedure, sql`from procedures where status <> 'scheduled'`)
      if (!id) return
      await ex
        .update(procedures)
        .set({
          status: sql`case when ${procedures.status} = 'completed' then 'cancelled'::procedure_status else 'completed'::procedure_status end`,
          performedAt: sql`coalesce(${procedures.performedAt}, ${procedures.scheduledAt})`,
          disposition: sql`coalesce(${procedures.disposition}, 'same_day')`,
        })
        .where(eq(procedures.id, id))
      return
    }
    case 'moveDay': {
      const id = await nth(ex, change.procedure, performedProcedure)
      if (id)
        await ex
          .update(procedures)
          .set({
            performedAt: sql`${procedures.performedAt} + ${change.hours} * interval '1 hour'`,
          })
          .where(eq(procedures.id, id))
      return
    }
    case 'toggleType': {
      const id = await nth(ex, change.procedure, anyProcedure)
      if (id)
        await ex
          .update(procedures)
          .set({
            type: sql`case when ${procedures.type} = 'kyphoplasty' then 'vertebroplasty'::procedure_type else 'kyphoplasty'::procedure_type end`,
          })
          .where(eq(procedures.id, id))
      return
    }
    case 'physician': {
      const id = await nth(ex, change.procedure, anyProcedure)
      if (id)
        await ex
          .update(procedures)
          .set({ physicianId: physicianIds[change.physician % physicianIds.length]! })
          .where(eq(procedures.id, id))
      return
    }
    case 'overnight': {
      const id = await nth(ex, change.procedure, performedProcedure)
      if (id)
        await ex
          .update(procedures)
          .set({ disposition: 'overnight', overnightReason: 'complication' })
          .where(eq(procedures.id, id))
      return
    }
    case 'angles': {
      const id = await nth(ex, change.level, sql`from treated_levels`)
      if (id)
        await ex
          .update(treatedLevels)
          .set({ kyphoticAngleBeforeDeg: change.before, kyphoticAngleAfterDeg: change.after })
          .where(eq(treatedLevels.id, id))
      return
    }
    case 'event': {
      const id = await nth(ex, change.procedure, anyProcedure)
      if (!id) return
      const procedure = (await ex.select().from(procedures).where(eq(procedures.id, id)))[0]!
      await ex.insert(adverseEvents).values({
        procedureId: id,
        patientId: procedure.patientId,
        category: adverseEventCategories[change.category % adverseEventCategories.length]!,
        symptomatic: change.symptomatic,
        detectedOn: '2026-01-20',
      })
      return
    }
    case 'dropEvent': {
      const id = await nth(ex, change.event, sql`from adverse_events`)
      if (id) await ex.delete(adverseEvents).where(eq(adverseEvents.id, id))
      return
    }
    case 'etiology': {
      const id = await nth(ex, change.patient, sql`from patients`)
      if (id)
        await ex
          .update(patients)
          .set({ etiology: etiologies[change.etiology % etiologies.length]! })
          .where(eq(patients.id, id))
      return
    }
    case 'status': {
      const id = await nth(ex, change.patient, sql`from patients`)
      if (id)
        await ex
          .update(patients)
          .set({ status: patientStatuses[change.status % patientStatuses.length]! })
          .where(eq(patients.id, id))
      return
    }
    case 'newProcedure': {
      // A procedure with its follow-ups, a level and an event, created in one transaction.
      const likeId =
        change.like === null
          ? undefined
          : await nth(ex, change.like, sql`from procedures where status = 'completed'`)
      const sibling = likeId
        ? (await ex.select().from(procedures).where(eq(procedures.id, likeId)))[0]
        : undefined
      const patientId = sibling?.patientId ?? (await nth(ex, change.patient, sql`from patients`))
      if (!patientId) return
      const at = sibling
        ? new Date(sibling.performedAt!.getTime() + 60_000)
        : new Date(Date.UTC(2025, 10, 1) + change.hours * 3_600_000)
      const [procedure] = await ex
        .insert(procedures)
        .values({
          patientId,
          type: sibling?.type ?? (change.hours % 2 === 0 ? 'kyphoplasty' : 'vertebroplasty'),
          status: change.completed ? 'completed' : 'cancelled',
          scheduledAt: at,
          performedAt: change.completed ? at : null,
          disposition: change.completed ? 'same_day' : null,
          physicianId:
            sibling?.physicianId ?? physicianIds[change.physician % physicianIds.length]!,
          anesthesia: 'local_sedation',
          approach: 'bipedicular',
          plannedLevels: ['L2'],
        })
        .returning({ id: procedures.id })
      if (sibling && change.touch)
        await ex
          .update(procedures)
          .set({
            disposition: sibling.disposition === 'overnight' ? 'same_day' : 'overnight',
            overnightReason: sibling.disposition === 'overnight' ? null : 'other',
          })
          .where(eq(procedures.id, sibling.id))
      await ex.insert(followUps).values(
        change.pain.map((pain, i) => ({
          patientId,
          procedureId: procedure!.id,
          timepoint: followUpTimepoints[i]!,
          dueOn: '2025-12-01',
          windowStart: '2025-11-20',
          windowEnd: '2025-12-20',
          assessedOn: pain === null ? null : '2025-12-01',
          painNrs: pain,
        })),
      )
      if (change.angles)
        await ex.insert(treatedLevels).values({
          procedureId: procedure!.id,
          level: 'L2',
          cementVolumeMl: 3,
          kyphoticAngleBeforeDeg: change.angles[0],
          kyphoticAngleAfterDeg: change.angles[1],
        })
      if (change.event)
        await ex.insert(adverseEvents).values({
          procedureId: procedure!.id,
          patientId,
          category: 'cement_leakage',
          symptomatic: false,
          detectedOn: '2025-11-02',
        })
      return
    }
    case 'dropPatient': {
      const id = await nth(ex, change.patient, sql`from patients`)
      if (!id) return
      // Treated levels also cite the patient's fractures, which the cascade removes first.
      await ex
        .delete(treatedLevels)
        .where(
          sql`${treatedLevels.procedureId} in (select id from procedures where patient_id = ${id})`,
        )
      await ex.delete(patients).where(eq(patients.id, id))
      return
    }
  }
}

/** Runs `changes` in one transaction; `defer` leaves its rollup work for later, as the seed does. */
export async function transact(changes: Change[], { defer = false, commit = true } = {}) {
  const db = await getDb()
  await db
    .transaction(async (tx) => {
      if (defer)
        await tx.execute(sql`select set_config(${OUTCOME_ROLLUP_DEFER_SETTING}, 'on', true)`)
      for (const step of changes) await apply(tx, step)
      if (!commit) throw new Error('rollback')
    })
    .catch((error: unknown) => {
      if (!(error instanceof Error) || error.message !== 'rollback') throw error
    })
}

/** Three physicians and 240 generated patients, loaded by the seed's own path. */
export async function seedRollupData() {
  const db = await getDb()
  for (const name of ['Dr. A', 'Dr. B', 'Dr. C']) {
    physicianIds.push((await insertStaff(db, 'unused', { role: 'physician', name })).id)
  }
  // The seed's own path: COPY, all of a batch's rows in one transaction (multi-row statements).
  await seedPatients(db, {
    count: 240,
    seed: 11,
    physicianIds,
    today: new Date('2026-06-15T12:00:00Z'),
    batchSize: 80,
  })
}
