import { sql } from 'drizzle-orm'
import type { Database } from '../client'

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows

/**
 * Every table's row count and an md5 of its rows in primary-key order (the whole row's text
 * for a table without one), keyed by `schema.table`: two databases with equal snapshots hold
 * the same rows. Tables of every schema but PostgreSQL's own (public, drizzle's migrations).
 */
export async function tableChecksums(db: Database): Promise<Record<string, string>> {
  const tables = rowsOf<{ name: string; key: string | null }>(
    await db.execute(sql`
      select quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name,
        (select string_agg(quote_ident(a.attname), ', ' order by k.ord)
           from pg_index i
           cross join unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
           join pg_attribute a on a.attrelid = c.oid and a.attnum = k.attnum
          where i.indrelid = c.oid and i.indisprimary) as key
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p')
        and n.nspname not in ('pg_catalog', 'information_schema')
        and left(n.nspname, 3) <> 'pg_'
      order by 1`),
  )
  const sums: Record<string, string> = {}
  for (const { name, key } of tables) {
    const [row] = rowsOf<{ n: number; sum: string }>(
      await db.execute(
        sql.raw(
          `select count(*)::int as n, md5(coalesce(string_agg(t::text, E'\\n' order by ${
            key ?? 't::text'
          }), '')) as sum from ${name} t`,
        ),
      ),
    )
    sums[name] = `${row!.n} rows, md5 ${row!.sum}`
  }
  return sums
}
