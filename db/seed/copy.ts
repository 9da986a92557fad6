import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite'
import { getTableColumns, getTableName, type Table } from 'drizzle-orm'
import pg, { type PoolClient } from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { Database } from '../client'

// Bulk loading with COPY: an order of magnitude faster than multi-row INSERTs for the synthetic
// seed (1M patients are ~15M rows). Rows are the same objects the inserts took (drizzle's insert
// shape, camelCase keys); they go over as CSV, in one transaction per batch on either backend.

/** One transaction on the raw driver: `copy` loads rows into a table inside it. */
export type CopyTransaction = { copy(table: Table, rows: readonly object[]): Promise<void> }

/** `settings` are set for the transaction only (set_config(name, value, true)). */
export async function inCopyTransaction(
  db: Database,
  work: (tx: CopyTransaction) => Promise<void>,
  settings: Record<string, string> = {},
): Promise<void> {
  const client = (db as unknown as { $client: pg.Pool | PGlite }).$client
  if (client instanceof pg.Pool) return inPgTransaction(client, work, settings)
  return client.transaction(async (tx) => {
    for (const [name, value] of Object.entries(settings)) {
      await tx.query('select set_config($1, $2, true)', [name, value])
    }
    await work({ copy: (table, rows) => copyIntoPglite(tx, table, rows) })
  })
}

async function inPgTransaction(
  pool: pg.Pool,
  work: (tx: CopyTransaction) => Promise<void>,
  settings: Record<string, string>,
) {
  const client = await pool.connect()
  try {
    await client.query('begin')
    for (const [name, value] of Object.entries(settings)) {
      await client.query('select set_config($1, $2, true)', [name, value])
    }
    await work({ copy: (table, rows) => copyIntoPg(client, table, rows) })
    await client.query('commit')
  } catch (error) {
    await client.query('rollback').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}

async function copyIntoPg(client: PoolClient, table: Table, rows: readonly object[]) {
  for (const { statement, csv } of copyBatches(table, rows)) {
    await new Promise<void>((resolve, reject) => {
      const stream = client.query(copyFrom(statement))
      stream.on('finish', resolve)
      stream.on('error', reject)
      stream.end(csv)
    })
  }
}

async function copyIntoPglite(tx: PGliteTransaction, table: Table, rows: readonly object[]) {
  for (const { statement, csv } of copyBatches(table, rows)) {
    const blob = new Blob([csv])
    await tx.query(statement.replace('from stdin', "from '/dev/blob'"), [], { blob })
  }
}

/**
 * The COPY statements and CSV bodies for `rows`: one per set of keys (rows that leave a column
 * out get its default, as an INSERT would give them).
 */
export function copyBatches(
  table: Table,
  rows: readonly object[],
): { statement: string; csv: string }[] {
  const columns = getTableColumns(table)
  const groups = new Map<string, { keys: string[]; lines: string[] }>()
  for (const row of rows) {
    const record = row as Record<string, unknown>
    const keys = Object.keys(record).filter((key) => record[key] !== undefined && key in columns)
    const signature = keys.join(',')
    let group = groups.get(signature)
    if (!group) groups.set(signature, (group = { keys, lines: [] }))
    group.lines.push(keys.map((key) => csvField(record[key])).join(','))
  }
  return [...groups.values()].map(({ keys, lines }) => ({
    statement: `copy ${quoteIdent(getTableName(table))} (${keys
      .map((key) => quoteIdent(columns[key]!.name))
      .join(', ')}) from stdin with (format csv)`,
    csv: `${lines.join('\n')}\n`,
  }))
}

/** A CSV field as PostgreSQL's COPY reads it: unquoted empty is NULL, quoted empty is ''. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (typeof value === 'boolean') return value ? 't' : 'f'
  if (value instanceof Date) return value.toISOString()
  if (Array.isArray(value)) return quoted(`{${value.map(arrayElement).join(',')}}`)
  if (typeof value === 'object') return quoted(JSON.stringify(value))
  return quoted(String(value))
}

const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`
const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`

function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL'
  return `"${String(value).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}
