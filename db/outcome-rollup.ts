import { sql } from 'drizzle-orm'
import type { Database } from './client'

/** The lock that serializes the rollup's flushes and rebuilds (the literal in migration 0010). */
export const OUTCOME_ROLLUP_LOCK_KEY = 73_112_027

/**
 * Set ('on') in a bulk load's transactions: their rollup work waits for catchUpOutcomeRollup
 * (or the next flush) instead of running at each commit.
 */
export const OUTCOME_ROLLUP_DEFER_SETTING = 'augment.outcome_rollup_defer'

/** Applies rollup work that bulk loads left; readers call it first (cheap when there is none). */
export async function catchUpOutcomeRollup(db: Database): Promise<void> {
  await db.execute(sql`select outcome_rollup_catch_up()`)
}

/**
 * The outcome rollup counts procedures by performed day in the zone it was built in. When that
 * is not `zone`, rebuilds it in `zone` (one transaction) and returns true.
 */
export async function alignOutcomeRollupTimeZone(db: Database, zone: string): Promise<boolean> {
  const result = (await db.execute(sql`select time_zone from outcome_rollup_state`)) as unknown as {
    rows: { time_zone: string }[]
  }
  if (result.rows[0]?.time_zone === zone) return false
  await db.transaction(async (tx) => {
    await tx.execute(sql`select outcome_rollup_rebuild(${zone})`)
  })
  return true
}
