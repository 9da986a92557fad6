import { eq, sql } from 'drizzle-orm'
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { getDb } from '@/db/client'
import { alignOutcomeRollupTimeZone, catchUpOutcomeRollup } from '@/db/outcome-rollup'
import { clinicTimeZone } from '@/db/time-zone'
import {
  adverseEvents,
  followUps,
  patients,
  procedures,
  treatedLevels,
  type FollowUpTimepoint,
} from '@/db/schema'
import { seedPatients } from '@/db/seed/seed'
import { outcomesDashboard } from './queries'
import {
  apply,
  completedWithPairs,
  physicianIds,
  pick,
  seedRollupData,
  transact,
  type Change,
} from './testing/rollup-changes'
import {
  expectExact,
  reference,
  rollup,
  rollupZone,
  rowsOf,
  waitingRows,
} from './testing/rollup-reference'

// The outcome rollup equals what the base tables say (testing/rollup-reference.ts) after each
// kind of change, deferred bulk work and a change of time zone.

beforeAll(seedRollupData)

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
    const zone = clinicTimeZone()
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
    expect(await alignOutcomeRollupTimeZone(db, clinicTimeZone())).toBe(true)
    await expectExact()
  })

  it('refuses an unknown zone and keeps the rollup', async () => {
    const db = await getDb()
    const before = await rollup(db)
    await expect(alignOutcomeRollupTimeZone(db, 'Mars/Olympus_Mons')).rejects.toThrow()
    expect(await rollup(db)).toEqual(before)
    expect(await rollupZone(db)).toBe(clinicTimeZone())
  })
})
