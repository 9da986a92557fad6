import { createHash } from 'node:crypto'
import { sql } from 'drizzle-orm'
import type { Executor } from '@/db/client'

// The audit log's hash chain (migration 0014), checked here without trusting the database's
// own functions: each row's chain_hash must equal
//   sha-256(previous row's chain_hash || canonical text of the row), in hex,
// starting from 64 zeros, with chain_seq 1, 2, 3, … and no gaps up to the chain head. The
// canonical text is "augment-audit-v1;" followed, for chain_seq, id, occurred_at (UTC,
// microseconds, "YYYY-MM-DDTHH:MM:SS.ffffffZ"), actor_id, actor_email, action, entity_type,
// entity_id, ip_address and details (jsonb's text), by "<UTF-8 byte length>:<text>;" per
// field, or "-;" for a null.

export const GENESIS_HASH = '0'.repeat(64)
const CANONICAL_PREFIX = 'augment-audit-v1;'
const BATCH_ROWS = 5_000

/** A row as the chain hashes it: every field as the database prints it (null stays null). */
export interface ChainRow {
  chainSeq: string
  chainHash: string | null
  id: string
  occurredAt: string
  actorId: string | null
  actorEmail: string | null
  action: string
  entityType: string
  entityId: string | null
  ipAddress: string | null
  details: string | null
}

export function canonicalText(row: ChainRow): string {
  const fields = [
    row.chainSeq,
    row.id,
    row.occurredAt,
    row.actorId,
    row.actorEmail,
    row.action,
    row.entityType,
    row.entityId,
    row.ipAddress,
    row.details,
  ]
  return (
    CANONICAL_PREFIX +
    fields
      .map((field) => (field === null ? '-;' : `${Buffer.byteLength(field, 'utf8')}:${field};`))
      .join('')
  )
}

export function chainHash(previousHash: string, row: ChainRow): string {
  return createHash('sha256')
    .update(previousHash + canonicalText(row), 'utf8')
    .digest('hex')
}

export interface ChainPosition {
  seq: number
  hash: string
}

export type ChainReport =
  | {
      intact: true
      /** The last row checked (0: the log is empty). */
      throughSeq: number
      /** Rows checked by this run. */
      checkedRows: number
      /** Rows in the chain not checked yet because the run was capped. */
      uncheckedRows: number
    }
  | {
      intact: false
      /** The first row (chain position) that does not verify. */
      brokenAtSeq: number
      /** That row's id, when the row is there (a removed row has none). */
      rowId: string | null
      reason: string
      checkedRows: number
    }

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows

const ROW_COLUMNS = sql.raw(`chain_seq::text as "chainSeq", chain_hash as "chainHash",
  id::text as id,
  to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "occurredAt",
  actor_id::text as "actorId", actor_email as "actorEmail", action, entity_type as "entityType",
  entity_id as "entityId", ip_address as "ipAddress", details::text as details`)

export async function readChainHead(db: Executor): Promise<ChainPosition> {
  const [head] = rowsOf<{ seq: string; hash: string }>(
    await db.execute(
      sql`select chain_seq::text as seq, chain_hash as hash from audit_chain_head where singleton`,
    ),
  )
  return head ? { seq: Number(head.seq), hash: head.hash } : { seq: 0, hash: GENESIS_HASH }
}

/**
 * Walks the chain from `from` (default: its start) up to the head as it was when the walk
 * began, at most `maxRows` rows. `from` must be a position found intact before: a checkpoint.
 */
export async function verifyAuditChain(
  db: Executor,
  options: { from?: ChainPosition; maxRows?: number } = {},
): Promise<ChainReport> {
  const head = await readChainHead(db)
  const start = options.from ?? { seq: 0, hash: GENESIS_HASH }
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY
  let previous = start
  let checkedRows = 0
  const broken = (seq: number, rowId: string | null, reason: string): ChainReport => ({
    intact: false,
    brokenAtSeq: seq,
    rowId,
    reason,
    checkedRows,
  })

  if (start.seq > 0) {
    // The checkpoint's own row must still hash to what was verified (from its predecessor's
    // stored hash: the rows before the checkpoint are the full walk's business).
    const rows = rowsOf<ChainRow>(
      await db.execute(sql`select ${ROW_COLUMNS} from audit_log
        where chain_seq in (${start.seq - 1}, ${start.seq}) order by chain_seq`),
    )
    const row = rows.find((r) => Number(r.chainSeq) === start.seq)
    if (!row) return broken(start.seq, null, 'the row is missing')
    const before = start.seq === 1 ? GENESIS_HASH : rows.find((r) => r !== row)?.chainHash
    if (row.chainHash !== start.hash || !before || chainHash(before, row) !== start.hash) {
      return broken(start.seq, row.id, 'the row was changed')
    }
  }

  while (previous.seq < head.seq && checkedRows < maxRows) {
    const limit = Math.min(BATCH_ROWS, maxRows - checkedRows)
    const rows = rowsOf<ChainRow>(
      await db.execute(sql`select ${ROW_COLUMNS} from audit_log
        where chain_seq > ${previous.seq} and chain_seq <= ${head.seq}
        order by chain_seq limit ${limit}`),
    )
    if (rows.length === 0) break
    for (const row of rows) {
      const seq = Number(row.chainSeq)
      if (seq !== previous.seq + 1) return broken(previous.seq + 1, null, 'the row is missing')
      const expected = chainHash(previous.hash, row)
      if (row.chainHash !== expected) return broken(seq, row.id, 'the row was changed')
      previous = { seq, hash: expected }
      checkedRows++
    }
  }
  const capped = previous.seq < head.seq && checkedRows >= maxRows
  if (!capped) {
    if (previous.seq < head.seq) return broken(previous.seq + 1, null, 'the row is missing')
    if (previous.hash !== head.hash) {
      return broken(head.seq, null, 'the chain head does not match the last row')
    }
    // Rows written with the chain trigger switched off have no place in the chain.
    const [outside] = rowsOf<{ id: string }>(
      await db.execute(
        sql`select id::text as id from audit_log where chain_seq is null order by id limit 1`,
      ),
    )
    if (outside) {
      return broken(head.seq + 1, outside.id, 'the row was added outside the chain')
    }
  }
  return {
    intact: true,
    throughSeq: previous.seq,
    checkedRows,
    uncheckedRows: head.seq - previous.seq,
  }
}

/** The last position found intact, or null before the first check. */
export async function readChainCheckpoint(db: Executor): Promise<ChainPosition | null> {
  const [row] = rowsOf<{ seq: string; hash: string }>(
    await db.execute(
      sql`select chain_seq::text as seq, chain_hash as hash from audit_chain_verified where singleton`,
    ),
  )
  return row ? { seq: Number(row.seq), hash: row.hash } : null
}

export async function saveChainCheckpoint(db: Executor, position: ChainPosition): Promise<void> {
  if (position.seq === 0) return
  await db.execute(sql`insert into audit_chain_verified (chain_seq, chain_hash)
    values (${position.seq}, ${position.hash})
    on conflict (singleton) do update
      set chain_seq = excluded.chain_seq, chain_hash = excluded.chain_hash, verified_at = now()
      where audit_chain_verified.chain_seq < excluded.chain_seq`)
}

/** The hash stored on row `seq`, to move a checkpoint there. */
export async function storedHashAt(db: Executor, seq: number): Promise<string | null> {
  const [row] = rowsOf<{ hash: string | null }>(
    await db.execute(sql`select chain_hash as hash from audit_log where chain_seq = ${seq}`),
  )
  return row?.hash ?? null
}

/**
 * Full walk from the start: what `npm run audit:verify` runs. An intact chain moves the
 * checkpoint the audit page continues from.
 */
export async function verifyWholeChain(db: Executor): Promise<ChainReport> {
  const report = await verifyAuditChain(db)
  if (report.intact && report.throughSeq > 0) {
    const hash = await storedHashAt(db, report.throughSeq)
    if (hash) await saveChainCheckpoint(db, { seq: report.throughSeq, hash })
  }
  return report
}

/**
 * What the audit page shows, kept cheap on a large log: continues from the checkpoint and
 * checks at most `maxRows` newer rows per view (the checkpoint then moves on).
 */
export async function verifyChainSinceCheckpoint(
  db: Executor,
  maxRows: number,
): Promise<ChainReport> {
  const from = (await readChainCheckpoint(db)) ?? undefined
  const report = await verifyAuditChain(db, { from, maxRows })
  if (report.intact && report.throughSeq > (from?.seq ?? 0)) {
    const hash = await storedHashAt(db, report.throughSeq)
    if (hash) await saveChainCheckpoint(db, { seq: report.throughSeq, hash })
  }
  return report
}

export function describeChainReport(report: ChainReport): string {
  if (!report.intact) {
    return (
      `Audit chain broken at row ${report.brokenAtSeq.toLocaleString('en-US')}` +
      `${report.rowId ? ` (id ${report.rowId})` : ''}: ${report.reason}.`
    )
  }
  if (report.throughSeq === 0) return 'Audit chain intact: the log is empty.'
  return (
    `Audit chain intact through row ${report.throughSeq.toLocaleString('en-US')}` +
    (report.uncheckedRows > 0
      ? ` (${report.uncheckedRows.toLocaleString('en-US')} newer rows not checked yet).`
      : '.')
  )
}
