import { count, sql, type SQL } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import type { Executor } from '@/db/client'

/**
 * List pages count matching rows only up to here: no exact count(*) over more than 100k rows
 * per request (docs/performance-targets.md#flat-cost-at-any-size). Past it the page says "10,000+"
 * and "Next" follows from one row read past the page.
 */
export const COUNT_CAP = 10_000

export interface CappedCount {
  /** The matching rows, or COUNT_CAP when there are more (`capped`). */
  total: number
  capped: boolean
}

/** One page of a list as its screen gets it: the rows, whether more follow, the capped count. */
export interface CountedPage<Row> extends CappedCount {
  rows: Row[]
  hasNext: boolean
}

/** How many rows of `table` match `where`, reading at most `cap` + 1 of them. */
export async function cappedCount(
  db: Executor,
  table: PgTable,
  where: SQL | undefined,
  cap: number = COUNT_CAP,
): Promise<CappedCount> {
  const matching = db
    .select({ one: sql`1`.as('one') })
    .from(table)
    .where(where)
    .limit(cap + 1)
    .as('matching')
  const [row] = await db.select({ n: count() }).from(matching)
  const n = row?.n ?? 0
  return n > cap ? { total: cap, capped: true } : { total: n, capped: false }
}
