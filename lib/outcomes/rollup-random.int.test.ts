import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import pg from 'pg'
import { beforeAll, describe, it } from 'vitest'
import { getDb } from '@/db/client'
import {
  catchUpOutcomeRollup,
  OUTCOME_ROLLUP_DEFER_SETTING,
  OUTCOME_ROLLUP_LOCK_KEY,
} from '@/db/outcome-rollup'
import { followUpTimepoints } from '@/db/schema'
import {
  completedWithPairs,
  physicianIds,
  pick,
  seedRollupData,
  transact,
  type Change,
} from './testing/rollup-changes'
import { expectExact } from './testing/rollup-reference'

// The outcome rollup stays exact (testing/rollup-reference.ts) through random sequences of
// changes, and, on PostgreSQL, through transactions that commit together.

beforeAll(seedRollupData)

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
