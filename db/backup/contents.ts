import type { BackupKind } from './format'
import { BackupRefusedError } from './refused'

/** What a database holds, for the messages: every table, and the rows in them. */
export interface DatabaseContents {
  tables: number
  rows: number
  /** Staff, patients and audit rows: the data a restore must not replace by accident. */
  data: { staff: number; patients: number; auditRows: number }
}

export interface BackupResult {
  kind: BackupKind
  bytes: number
  contents: DatabaseContents
}

export interface RestoreResult {
  kind: BackupKind
  contents: DatabaseContents
  /** What the target held before, when it held anything. */
  replaced: DatabaseContents | null
}

export type Query = (text: string) => Promise<{ rows: Record<string, unknown>[] }>

export function refuseOverData(before: DatabaseContents, force: boolean) {
  const { staff, patients, auditRows } = before.data
  if (force || staff + patients + auditRows === 0) return
  throw new BackupRefusedError(
    `The target already holds data (${count(staff, 'staff member')}, ${count(patients, 'patient')}, ` +
      `${count(auditRows, 'audit row')}). Pass --force to replace it with the backup.`,
  )
}

/** Every table of ours (any schema but PostgreSQL's own) and its rows, counted exactly. */
export async function describeContents(query: Query): Promise<DatabaseContents> {
  const { rows: tables } = await query(`
    select quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name,
           n.nspname as schema, c.relname as table
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p')
       and n.nspname not in ('pg_catalog', 'information_schema')
       and left(n.nspname, 3) <> 'pg_'
     order by 1`)
  const counts = new Map<string, number>()
  let rows = 0
  for (const table of tables) {
    const { rows: result } = await query(`select count(*)::int as n from ${String(table.name)}`)
    const n = Number(result[0]?.n ?? 0)
    rows += n
    if (table.schema === 'public') counts.set(String(table.table), n)
  }
  return {
    tables: tables.length,
    rows,
    data: {
      staff: counts.get('staff') ?? 0,
      patients: counts.get('patients') ?? 0,
      auditRows: counts.get('audit_log') ?? 0,
    },
  }
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`
}
