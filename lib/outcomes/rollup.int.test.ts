import { eq, sql } from 'drizzle-orm'
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core'
import fc from 'fast-check'
import pg from 'pg'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb, type Database, type Executor } from '@/db/client'
import {
  alignOutcomeRollupTimeZone,
  catchUpOutcomeRollup,
  OUTCOME_ROLLUP_DEFER_SETTING,
  OUTCOME_ROLLUP_LOCK_KEY,
  serverTimeZone,
} from '@/db/outcome-rollup'
import {
  adverseEventCategories,
  adverseEvents,
  etiologies,
  followUps,
  followUpTimepoints,
  outcomeAdverseEventCounts,
  outcomeKyphosisBins,
  outcomePatientCounts,
  outcomeProcedureCounts,
  outcomeScores,
  patients,
  patientStatuses,
  procedures,
  treatedLevels,
  type FollowUpTimepoint,
} from '@/db/schema'
import { seedPatients } from '@/db/seed/seed'
import { insertStaff } from '@/db/testing/factories'
import { outcomesDashboard } from './queries'
import { isResponder } from './rules'
import { KYPHOSIS_BIN_DEG } from './summaries'

// The outcome rollup must equal, after any change, what the base tables say. The reference
// below is computed in JavaScript from the raw rows (the rules of lib/outcomes/rules.ts and the
// bin width of summaries.ts), independently of the migration's SQL.

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows

/** yyyy-mm-dd of an instant in a time zone. */
const dayIn = (zone: string, at: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at)

type Row = Record<string, string | number | null>
/** Rows as JSON with their keys in order, sorted: comparable whatever order they came in. */
const sorted = (rows: Row[]) =>
  rows
    .map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).sort())))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))

/** Adds `values` into the row of `key` in `map`, creating it from `init`. */
function bump(map: Map<string, Row>, init: Row, values: Record<string, number>) {
  const key = JSON.stringify(init)
  const row = map.get(key) ?? {
    ...init,
    ...Object.fromEntries(Object.keys(values).map((k) => [k, 0])),
  }
  for (const [name, value] of Object.entries(values)) row[name] = (row[name] as number) + value
  map.set(key, row)
}

async function reference(db: Database, zone: string) {
  const [procedureRows, patientRows, followUpRows, levelRows, eventRows] = await Promise.all([
    db.select().from(procedures),
    db.select().from(patients),
    db.select().from(followUps),
    db.select().from(treatedLevels),
    db.select().from(adverseEvents),
  ])
  const etiologyOf = new Map(patientRows.map((p) => [p.id, p.etiology]))
  const keyOf = new Map<string, Row>()
  for (const p of procedureRows) {
    if (p.status !== 'completed') continue
    keyOf.set(p.id, {
      day: dayIn(zone, p.performedAt!),
      type: p.type,
      physicianId: p.physicianId,
      etiology: etiologyOf.get(p.patientId)!,
    })
  }
  const scores = new Map<string, Row>()
  const baseline = new Map<string, number>()
  for (const f of followUpRows) {
    if (f.timepoint === 'baseline' && f.assessedOn !== null && f.painNrs !== null)
      baseline.set(f.procedureId, f.painNrs)
  }
  for (const f of followUpRows) {
    const key = keyOf.get(f.procedureId)
    if (!key || f.assessedOn === null || (f.painNrs === null && f.odi === null)) continue
    const base = baseline.get(f.procedureId)
    const paired = base !== undefined && f.painNrs !== null
    const drop = paired ? base - f.painNrs! : 0
    bump(
      scores,
      { ...key, timepoint: f.timepoint },
      {
        painN: f.painNrs === null ? 0 : 1,
        painSum: f.painNrs ?? 0,
        painSumsq: (f.painNrs ?? 0) ** 2,
        odiN: f.odi === null ? 0 : 1,
        odiSum: f.odi ?? 0,
        odiSumsq: (f.odi ?? 0) ** 2,
        pairedN: paired ? 1 : 0,
        responders: paired && isResponder(base, f.painNrs!) ? 1 : 0,
        improvementSum: drop,
        improvementSumsq: drop * drop,
      },
    )
  }
  const mix = new Map<string, Row>()
  for (const p of procedureRows) {
    const key = keyOf.get(p.id)
    if (key)
      bump(
        mix,
        { ...key, disposition: p.disposition, overnightReason: p.overnightReason },
        { n: 1 },
      )
  }
  const bins = new Map<string, Row>()
  for (const level of levelRows) {
    const key = keyOf.get(level.procedureId)
    const { kyphoticAngleBeforeDeg: before, kyphoticAngleAfterDeg: after } = level
    if (!key || before === null || after === null) continue
    const tenths = Math.round(before * 10) - Math.round(after * 10)
    const binDeg = Math.floor(tenths / (KYPHOSIS_BIN_DEG * 10)) * KYPHOSIS_BIN_DEG
    bump(
      bins,
      { ...key, binDeg },
      { n: 1, correctionTenthsSum: tenths, correctionTenthsSumsq: tenths * tenths },
    )
  }
  const events = new Map<string, Row>()
  const affected = new Map<string, Set<string>>()
  for (const event of eventRows) {
    const key = keyOf.get(event.procedureId)
    if (!key) continue
    const init = { ...key, category: event.category }
    bump(events, init, { events: 1, symptomatic: event.symptomatic ? 1 : 0 })
    const id = JSON.stringify(init)
    affected.set(id, (affected.get(id) ?? new Set()).add(event.procedureId))
  }
  for (const [id, row] of events) row.procedures = affected.get(id)!.size
  const registry = new Map<string, Row>()
  for (const p of patientRows) {
    bump(
      registry,
      {
        referralDate: p.referralDate,
        assignedPhysicianId: p.assignedPhysicianId,
        etiology: p.etiology,
        plannedProcedure: p.plannedProcedure,
        status: p.status,
      },
      { n: 1 },
    )
  }
  return {
    scores: sorted([...scores.values()]),
    mix: sorted([...mix.values()]),
    bins: sorted([...bins.values()]),
    events: sorted([...events.values()]),
    patients: sorted([...registry.values()]),
  }
}

async function rollup(db: Database) {
  const [scores, mix, bins, events, registry] = await Promise.all([
    db.select().from(outcomeScores),
    db.select().from(outcomeProcedureCounts),
    db.select().from(outcomeKyphosisBins),
    db.select().from(outcomeAdverseEventCounts),
    db.select().from(outcomePatientCounts),
  ])
  return {
    scores: sorted(scores),
    mix: sorted(mix),
    bins: sorted(bins),
    events: sorted(events),
    patients: sorted(registry),
  }
}

async function rollupZone(db: Database): Promise<string> {
  return rowsOf<{ zone: string }>(
    await db.execute(sql`select time_zone as zone from outcome_rollup_state`),
  )[0]!.zone
}

/** The rollup equals the reference, and the commit-time flush left no work queued. */
async function expectExact() {
  const db = await getDb()
  const zone = await rollupZone(db)
  expect(await rollup(db)).toEqual(await reference(db, zone))
  const queued = rowsOf<{ n: number }>(
    await db.execute(
      sql`select (select count(*) from outcome_rollup_queue) + (select count(*) from outcome_patient_count_queue) as n`,
    ),
  )
  expect(Number(queued[0]!.n)).toBe(0)
}

// ---------------------------------------------------------------------------------------------
// Changes, each applied through the database as the app or an operator would.

const physicianIds: string[] = []

async function pick<T = { id: string }>(ex: Executor, query: ReturnType<typeof sql>) {
  return rowsOf<T>(await ex.execute(query))[0]
}

/** The n-th (modulo the count) row id of a query ordered by id; undefined when there is none. */
async function nth(ex: Executor, n: number, from: ReturnType<typeof sql>) {
  const count = rowsOf<{ n: number }>(await ex.execute(sql`select count(*)::int as n ${from}`))[0]!
    .n
  if (count === 0) return undefined
  return (await pick(ex, sql`select id ${from} order by id offset ${n % count} limit 1`))?.id
}

const completedWithPairs = sql`
  select p.id from procedures p
  where p.status = 'completed'
    and exists (select from follow_ups b where b.procedure_id = p.id and b.timepoint = 'baseline'
      and b.assessed_on is not null and b.pain_nrs is not null)
    and exists (select from follow_ups f where f.procedure_id = p.id and f.timepoint = 'm1'
      and f.assessed_on is not null and f.pain_nrs is not null)
  order by p.id limit 1`

type Change =
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

async function apply(ex: Executor, change: Change): Promise<void> {
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
async function transact(changes: Change[], { defer = false, commit = true } = {}) {
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

const waitingRows = async (db: Database) =>
  Number(
    rowsOf<{ n: number }>(
      await db.execute(sql`select count(*) as n from outcome_rollup_queue where deferred`),
    )[0]!.n,
  )

beforeAll(async () => {
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
})

describe('the outcome rollup stays exact', () => {
  it("after the seed's batched COPY loads", async () => {
    const db = await getDb()
    const counts = await rollup(db)
    // The dataset exercises every table.
    for (const rows of Object.values(counts)) expect(rows.length).toBeGreaterThan(5)
    await expectExact()
  })

  it('through follow-up inserts, updates (to null too) and deletes', async () => {
    const db = await getDb()
    const id = (await pick(db, completedWithPairs))!.id
    const at = (timepoint: FollowUpTimepoint) =>
      sql`${followUps.procedureId} = ${id} and ${followUps.timepoint} = ${timepoint}`
    // The baseline moves every pair of the procedure.
    await db.update(followUps).set({ painNrs: 10 }).where(at('baseline'))
    await expectExact()
    await db.update(followUps).set({ painNrs: null, odi: null }).where(at('m1'))
    await expectExact()
    await db.update(followUps).set({ painNrs: 3 }).where(at('m1'))
    await expectExact()
    // Assessed no more: the scores stay but count nowhere.
    await db.update(followUps).set({ assessedOn: null }).where(at('d7'))
    await expectExact()
    await db.delete(followUps).where(at('m3'))
    await expectExact()
    await apply(db, {
      kind: 'score',
      procedure: 0,
      timepoint: 'm3',
      assessed: true,
      pain: 1,
      odi: 12,
    })
    await expectExact()
    // A change to nothing that counts.
    await db.update(followUps).set({ note: 'called back' }).where(at('baseline'))
    await expectExact()
  })

  it('through procedure status, day, month, type, physician and disposition changes', async () => {
    const db = await getDb()
    const id = (await pick(db, completedWithPairs))!.id
    const set = (values: PgUpdateSetSource<typeof procedures>) =>
      db.update(procedures).set(values).where(eq(procedures.id, id))
    await set({ status: 'cancelled' })
    await expectExact()
    await set({ status: 'completed' })
    await expectExact()
    await set({ performedAt: sql`${procedures.performedAt} + interval '1 day'` })
    await expectExact()
    await set({ performedAt: sql`${procedures.performedAt} + interval '40 days'` })
    await expectExact()
    await set({ type: 'kyphoplasty' })
    await set({ type: 'vertebroplasty' })
    await expectExact()
    await set({ physicianId: physicianIds[2]! })
    await expectExact()
    await set({ disposition: 'overnight', overnightReason: 'pain_control' })
    await expectExact()
    // A scheduled procedure completed, as completeProcedure does.
    const scheduled = await pick(
      db,
      sql`select id from procedures where status = 'scheduled' order by id limit 1`,
    )
    if (scheduled) {
      await db
        .update(procedures)
        .set({
          status: 'completed',
          performedAt: new Date('2026-06-10T09:30:00Z'),
          disposition: 'same_day',
        })
        .where(eq(procedures.id, scheduled.id))
      await expectExact()
    }
  })

  it('through treated-level angles and adverse events', async () => {
    const db = await getDb()
    await apply(db, { kind: 'angles', level: 3, before: 21.3, after: 9.9 })
    await expectExact()
    await apply(db, { kind: 'angles', level: 4, before: 12, after: null })
    await expectExact()
    await apply(db, { kind: 'angles', level: 5, before: -4.5, after: 7.1 })
    await expectExact()
    const level = await pick<{ id: string; procedure_id: string }>(
      db,
      sql`select id, procedure_id from treated_levels order by id limit 1`,
    )
    await db.delete(treatedLevels).where(eq(treatedLevels.id, level!.id))
    await expectExact()
    await db.insert(treatedLevels).values({
      procedureId: level!.procedure_id,
      level: 'S1',
      cementVolumeMl: 2,
      kyphoticAngleBeforeDeg: 18.2,
      kyphoticAngleAfterDeg: 11,
    })
    await expectExact()
    await apply(db, { kind: 'event', procedure: 1, category: 0, symptomatic: false })
    await apply(db, { kind: 'event', procedure: 1, category: 0, symptomatic: true })
    await expectExact()
    const event = await pick(db, sql`select id from adverse_events order by id limit 1`)
    await db
      .update(adverseEvents)
      .set({ category: 'infection' })
      .where(eq(adverseEvents.id, event!.id))
    await expectExact()
    await db
      .update(adverseEvents)
      .set({ symptomatic: sql`not ${adverseEvents.symptomatic}` })
      .where(eq(adverseEvents.id, event!.id))
    await expectExact()
    await apply(db, { kind: 'dropEvent', event: 0 })
    await expectExact()
  })

  it("through a patient's etiology, registry fields and deletion with its cascade", async () => {
    const db = await getDb()
    const treated = await pick<{ patient_id: string }>(
      db,
      sql`select patient_id from procedures where status = 'completed' order by id limit 1`,
    )
    const patientId = treated!.patient_id
    const set = (values: PgUpdateSetSource<typeof patients>) =>
      db.update(patients).set(values).where(eq(patients.id, patientId))
    await set({ etiology: 'multiple_myeloma' })
    await expectExact()
    await set({ etiology: 'traumatic', status: 'closed', plannedProcedure: null })
    await expectExact()
    await set({ referralDate: '2025-02-28', assignedPhysicianId: physicianIds[1]! })
    await expectExact()
    // Procedures, their follow-ups, levels and events go with the patient.
    await db.delete(patients).where(eq(patients.id, patientId))
    await expectExact()
  })

  it('counts a many-statement transaction at commit, and nothing rolled back', async () => {
    const db = await getDb()
    await db.transaction(async (tx) => {
      await apply(tx, {
        kind: 'score',
        procedure: 5,
        timepoint: 'baseline',
        assessed: true,
        pain: 9,
        odi: 70,
      })
      await apply(tx, { kind: 'toggleType', procedure: 5 })
      await apply(tx, { kind: 'event', procedure: 5, category: 2, symptomatic: true })
      await apply(tx, { kind: 'etiology', patient: 5, etiology: 3 })
    })
    await expectExact()
    // A new procedure under the key of one that changes too: recomputed once, not also added.
    await db.transaction(async (tx) => {
      await apply(tx, {
        kind: 'newProcedure',
        patient: 0,
        physician: 0,
        hours: 0,
        completed: true,
        pain: [8, null, 5, 3],
        angles: [14.5, 9],
        event: true,
        like: 3,
        touch: true,
      })
    })
    await expectExact()
    const before = await rollup(db)
    await expect(
      db.transaction(async (tx) => {
        await apply(tx, { kind: 'moveDay', procedure: 6, hours: 30 })
        await apply(tx, { kind: 'dropPatient', patient: 6 })
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    expect(await rollup(db)).toEqual(before)
    await expectExact()
    // A savepoint rolled back inside a transaction that commits.
    await db.transaction(async (tx) => {
      await tx
        .transaction(async (savepoint) => {
          await apply(savepoint, { kind: 'toggleCompleted', procedure: 7 })
          throw new Error('undo this part')
        })
        .catch(() => {})
      await apply(tx, { kind: 'physician', procedure: 8, physician: 1 })
    })
    await expectExact()
  })

  it('through a TRUNCATE of a base table (a full rebuild at commit)', async () => {
    const db = await getDb()
    await db.execute(sql`truncate adverse_events`)
    expect((await rollup(db)).events).toEqual([])
    await expectExact()
  })

  it('after more batches loaded by the seed', async () => {
    const db = await getDb()
    await seedPatients(db, {
      count: 60,
      seed: 11,
      startIndex: 240,
      physicianIds,
      today: new Date('2026-06-15T12:00:00Z'),
    })
    await expectExact()
  })

  it('refuses changes to outcome data under REPEATABLE READ', async () => {
    const db = await getDb()
    const id = (await pick(db, completedWithPairs))!.id
    const error: unknown = await db
      .transaction(
        async (tx) => {
          await tx.update(followUps).set({ painNrs: 0 }).where(eq(followUps.procedureId, id))
        },
        { isolationLevel: 'repeatable read' },
      )
      .then(
        () => null,
        (e: unknown) => e,
      )
    // drizzle wraps the driver's error; the database's own message is the cause.
    const message = String((error as { cause?: Error } | null)?.cause?.message ?? error)
    expect(message).toMatch(/must run under READ COMMITTED/)
    await expectExact()
  })
})

describe('work a bulk load defers', () => {
  const created = (like: number | null, touch = false): Change => ({
    kind: 'newProcedure',
    patient: 4,
    physician: 1,
    hours: 30,
    completed: true,
    pain: [7, 6, 4, 2],
    angles: [17.5, 12],
    event: true,
    like,
    touch,
  })

  it('waits for the next read, which applies it before reading', async () => {
    const db = await getDb()
    await transact(
      [
        created(null),
        { kind: 'score', procedure: 9, timepoint: 'm1', assessed: true, pain: 0, odi: 5 },
        { kind: 'etiology', patient: 9, etiology: 2 },
      ],
      { defer: true },
    )
    expect(await waitingRows(db)).toBeGreaterThan(0)
    const zone = await rollupZone(db)
    expect(await rollup(db)).not.toEqual(await reference(db, zone))
    await outcomesDashboard(db)
    await expectExact()
  })

  it('is applied with the next flush, also when that flush touches the same procedures', async () => {
    const db = await getDb()
    await transact([created(5)], { defer: true })
    await transact([created(6, true)], { defer: true })
    // Changes the procedures just created (the newest ones) and one under their keys.
    const newest = sql`select id from procedures order by created_at desc, id limit 2`
    const ids = rowsOf<{ id: string }>(await db.execute(newest)).map((row) => row.id)
    await db
      .update(procedures)
      .set({
        type: sql`case when ${procedures.type} = 'kyphoplasty' then 'vertebroplasty'::procedure_type else 'kyphoplasty'::procedure_type end`,
      })
      .where(eq(procedures.id, ids[0]!))
    await db
      .update(followUps)
      .set({ painNrs: 1 })
      .where(sql`${followUps.procedureId} = ${ids[1]!} and ${followUps.timepoint} = 'baseline'`)
    await expectExact()
  })

  it('is applied by catchUpOutcomeRollup, and a rolled-back deferral leaves nothing', async () => {
    const db = await getDb()
    await transact([created(7, true), { kind: 'dropPatient', patient: 11 }], { defer: true })
    await transact([created(8)], { defer: true, commit: false })
    await catchUpOutcomeRollup(db)
    await expectExact()
    // Nothing waits: a cheap no-op.
    await catchUpOutcomeRollup(db)
    expect(await waitingRows(db)).toBe(0)
  })
})

describe('the time zone of the days', () => {
  it("rebuilds in the app's zone when it differs, and stays exact in either", async () => {
    const db = await getDb()
    const zone = serverTimeZone()
    expect(await rollupZone(db)).toBe(zone)
    expect(await alignOutcomeRollupTimeZone(db, zone)).toBe(false)
    const home = await rollup(db)
    const dashboard = await outcomesDashboard(db)
    // Fourteen hours from UTC: most performed times fall on another calendar day there.
    const far = zone === 'Pacific/Kiritimati' ? 'Pacific/Pago_Pago' : 'Pacific/Kiritimati'
    expect(await alignOutcomeRollupTimeZone(db, far)).toBe(true)
    expect(await rollupZone(db)).toBe(far)
    expect((await rollup(db)).scores).not.toEqual(home.scores)
    await expectExact()
    // Changes made meanwhile are counted in the recorded zone.
    await apply(db, { kind: 'moveDay', procedure: 2, hours: 11 })
    await expectExact()
    await apply(db, { kind: 'moveDay', procedure: 2, hours: -11 })
    expect(await alignOutcomeRollupTimeZone(db, zone)).toBe(true)
    expect(await rollup(db)).toEqual(home)
    expect(await outcomesDashboard(db)).toEqual(dashboard)
    await expectExact()
  })

  it('rebuilds over work a bulk load left without counting it twice', async () => {
    const db = await getDb()
    await transact(
      [
        {
          kind: 'newProcedure',
          patient: 13,
          physician: 2,
          hours: 50,
          completed: true,
          pain: [9, 8, 3],
          angles: [21, 15.5],
          event: true,
          like: 12,
          touch: true,
        },
        { kind: 'moveDay', procedure: 14, hours: 26 },
      ],
      { defer: true },
    )
    expect(await waitingRows(db)).toBeGreaterThan(0)
    expect(await alignOutcomeRollupTimeZone(db, 'Asia/Kathmandu')).toBe(true)
    expect(await waitingRows(db)).toBe(0)
    await catchUpOutcomeRollup(db)
    await expectExact()
    expect(await alignOutcomeRollupTimeZone(db, serverTimeZone())).toBe(true)
    await expectExact()
  })

  it('refuses an unknown zone and keeps the rollup', async () => {
    const db = await getDb()
    const before = await rollup(db)
    await expect(alignOutcomeRollupTimeZone(db, 'Mars/Olympus_Mons')).rejects.toThrow()
    expect(await rollup(db)).toEqual(before)
    expect(await rollupZone(db)).toBe(serverTimeZone())
  })
})

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null })
const index = fc.nat({ max: 1000 })
const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({
    kind: fc.constant('score' as const),
    procedure: index,
    timepoint: fc.constantFrom(...followUpTimepoints),
    assessed: fc.boolean(),
    pain: optional(fc.integer({ min: 0, max: 10 })),
    odi: optional(fc.integer({ min: 0, max: 100 })),
  }),
  fc.record({
    kind: fc.constant('dropFollowUp' as const),
    procedure: index,
    timepoint: fc.constantFrom(...followUpTimepoints),
  }),
  fc.record({ kind: fc.constant('toggleCompleted' as const), procedure: index }),
  fc.record({
    kind: fc.constant('moveDay' as const),
    procedure: index,
    hours: fc.integer({ min: -900, max: 900 }),
  }),
  fc.record({ kind: fc.constant('toggleType' as const), procedure: index }),
  fc.record({ kind: fc.constant('physician' as const), procedure: index, physician: index }),
  fc.record({ kind: fc.constant('overnight' as const), procedure: index }),
  fc.record({
    kind: fc.constant('angles' as const),
    level: index,
    before: optional(fc.integer({ min: -300, max: 600 }).map((tenths) => tenths / 10)),
    after: optional(fc.integer({ min: -300, max: 600 }).map((tenths) => tenths / 10)),
  }),
  fc.record({
    kind: fc.constant('event' as const),
    procedure: index,
    category: index,
    symptomatic: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('dropEvent' as const), event: index }),
  fc.record({ kind: fc.constant('etiology' as const), patient: index, etiology: index }),
  fc.record({ kind: fc.constant('status' as const), patient: index, status: index }),
  fc.record({ kind: fc.constant('dropPatient' as const), patient: index }),
  fc.record({
    kind: fc.constant('newProcedure' as const),
    patient: index,
    physician: index,
    hours: fc.integer({ min: 0, max: 24 * 60 }),
    completed: fc.boolean(),
    pain: fc.array(optional(fc.integer({ min: 0, max: 10 })), { minLength: 1, maxLength: 7 }),
    angles: optional(
      fc
        .tuple(fc.integer({ min: 50, max: 300 }), fc.integer({ min: 0, max: 200 }))
        .map(([b, a]) => [b / 10, a / 10] as [number, number]),
    ),
    event: fc.boolean(),
    like: optional(index),
    touch: fc.boolean(),
  }),
)

describe('random change sequences (fast-check)', () => {
  it('leave the rollup exact after every transaction, committed, rolled back or deferred', async () => {
    const db = await getDb()
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            changes: fc.array(change, { minLength: 1, maxLength: 4 }),
            commit: fc.boolean(),
            // Deferred as a bulk load's; read (caught up) after, or left for what follows.
            defer: fc.boolean(),
            read: fc.boolean(),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        async (transactions) => {
          for (const { changes, commit, defer, read } of transactions) {
            await transact(changes, { defer, commit })
            if (defer && !read) continue
            // As a reader sees it: a rolled-back or unrelated transaction leaves deferred work
            // waiting; a committed flush has applied it already.
            await catchUpOutcomeRollup(db)
            await expectExact()
          }
          await catchUpOutcomeRollup(db)
          await expectExact()
        },
      ),
      { numRuns: 25 },
    )
  }, 120_000)
})

describe.runIf(process.env.TEST_DATABASE_URL)('concurrent transactions (PostgreSQL)', () => {
  const connect = async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await client.connect()
    return client
  }
  let first: pg.Client
  let second: pg.Client
  let holder: pg.Client

  beforeAll(async () => {
    ;[first, second, holder] = await Promise.all([connect(), connect(), connect()])
    return async () => {
      await Promise.all([first.end(), second.end(), holder.end()])
    }
  })

  /**
   * Runs `a` and `b` in two open transactions, then commits both while a third session holds the
   * rollup's lock, so both flushes wait for it and then run back to back: the second must see
   * the first's commit.
   */
  async function commitTogether(a: string[], b: string[]) {
    await holder.query('select pg_advisory_lock($1)', [OUTCOME_ROLLUP_LOCK_KEY])
    for (const [client, statements] of [
      [first, a],
      [second, b],
    ] as const) {
      await client.query('begin')
      for (const statement of statements) await client.query(statement)
    }
    const commits = Promise.all([first.query('commit'), second.query('commit')])
    for (let waiting = 0, tries = 0; waiting < 2; tries++) {
      if (tries === 250) throw new Error('the two flushes never waited for the rollup lock')
      await new Promise((resolve) => setTimeout(resolve, 20))
      const { rows } = await holder.query<{ n: number }>(
        `select count(*)::int as n from pg_locks
         where locktype = 'advisory' and objid = $1 and not granted`,
        [OUTCOME_ROLLUP_LOCK_KEY],
      )
      waiting = rows[0]!.n
    }
    await holder.query('select pg_advisory_unlock($1)', [OUTCOME_ROLLUP_LOCK_KEY])
    await commits
  }

  async function target() {
    const row = await pick<{ id: string; patient_id: string }>(
      await getDb(),
      sql`select id, patient_id from (${completedWithPairs}) p join procedures using (id)`,
    )
    return row!
  }

  it('keeps the pairs exact when two transactions edit the baseline and 1 month of one procedure', async () => {
    const { id } = await target()
    await commitTogether(
      [
        `update follow_ups set pain_nrs = 10 where procedure_id = '${id}' and timepoint = 'baseline'`,
      ],
      [`update follow_ups set pain_nrs = 1 where procedure_id = '${id}' and timepoint = 'm1'`],
    )
    await expectExact()
  })

  it("keeps a follow-up in the right key when another transaction changes the procedure's key", async () => {
    const { id } = await target()
    await commitTogether(
      [
        `update procedures set type = case when type = 'kyphoplasty' then 'vertebroplasty'::procedure_type else 'kyphoplasty'::procedure_type end, performed_at = performed_at + interval '3 days' where id = '${id}'`,
      ],
      [
        `update follow_ups set pain_nrs = 4, odi = 33 where procedure_id = '${id}' and timepoint = 'm1'`,
      ],
    )
    await expectExact()
  })

  it('moves the procedures of a patient whose etiology changes while another transaction moves one', async () => {
    const { id, patient_id: patientId } = await target()
    await commitTogether(
      [`update patients set etiology = 'other' where id = '${patientId}'`],
      [
        `update procedures set physician_id = '${physicianIds[0]}', performed_at = performed_at - interval '2 days' where id = '${id}'`,
      ],
    )
    await expectExact()
  })

  it('keeps a deferred commit from landing in the middle of another flush', async () => {
    const { id } = await target()
    await commitTogether(
      [
        `select set_config('${OUTCOME_ROLLUP_DEFER_SETTING}', 'on', true)`,
        `update follow_ups set pain_nrs = 6 where procedure_id = '${id}' and timepoint = 'baseline'`,
        `update procedures set performed_at = performed_at + interval '1 day' where id = '${id}'`,
      ],
      [
        `update follow_ups set pain_nrs = 3, odi = 20 where procedure_id = '${id}' and timepoint = 'm1'`,
      ],
    )
    await catchUpOutcomeRollup(await getDb())
    await expectExact()
  })

  it('does not deadlock with patient row locks taken after an outcome change', async () => {
    // As recordFollowUp does: change the follow-up, then lock the patient. Meanwhile another
    // transaction holds that patient and changes its etiology. A lock taken when the follow-up
    // changed would deadlock the two; the flush takes it at commit.
    const { id, patient_id: patientId } = await target()
    await first.query('begin')
    await first.query(
      `update follow_ups set pain_nrs = 2 where procedure_id = '${id}' and timepoint = 'm1'`,
    )
    await second.query('begin')
    await second.query(`select id from patients where id = '${patientId}' for update`)
    await second.query(`update patients set etiology = 'traumatic' where id = '${patientId}'`)
    const locked = first.query(`select id from patients where id = '${patientId}' for update`)
    await second.query('commit')
    await locked
    await first.query('commit')
    await expectExact()
  })
})
