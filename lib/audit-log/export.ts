import 'server-only'
import Papa from 'papaparse'
import { getDb } from '@/db/client'
import { writeAudit } from '@/lib/audit'
import { requestAddress } from '@/lib/auth'
import { requireRole } from '@/lib/auth/session'
import { neutralizeFormula } from '@/lib/csv'
import { clinicTimeZone } from '@/lib/env'
import { actorName, detailsJson, formatAuditTimestamp } from './display'
import { actionLabel, entityLabel } from './labels'
import type { AuditLogFilters } from './params'
import {
  countAuditRowsExactly,
  latestAuditId,
  queryAuditBatch,
  type AuditCursor,
  type AuditLogRow,
} from './queries'

const BATCH_SIZE = 2_000

// Full values, not the page's shortened ones: the file is the record an investigation keeps.
const COLUMNS: [string, (row: AuditLogRow) => string | number][] = [
  ['ID', (row) => row.id],
  ['Time', (row) => formatAuditTimestamp(row.occurredAt, clinicTimeZone())],
  ['User', (row) => actorName(row)],
  ['Email', (row) => row.actorEmail ?? ''],
  ['Action', (row) => actionLabel(row.action)],
  ['Action code', (row) => row.action],
  ['Entity', (row) => entityLabel(row.entityType)],
  ['Entity id', (row) => row.entityId ?? ''],
  ['Client address', (row) => row.ipAddress ?? ''],
  ['Details', (row) => detailsJson(row.details)],
]

/** The CSV text of some rows; every text cell is kept from running as a spreadsheet formula. */
function csvLines(rows: AuditLogRow[]): string {
  return `${Papa.unparse(rows.map((row) => COLUMNS.map(([, value]) => neutralizeFormula(value(row)))))}\r\n`
}

/**
 * Every row of the filtered log, newest first, as CSV text chunks: one batch in memory at a
 * time, never the whole file. The export is audited (filters and row count) before it starts,
 * and covers the log as it stood then: rows written during the download stay out of it.
 */
export async function exportAuditLogCsv(
  filters: AuditLogFilters,
): Promise<ReadableStream<Uint8Array>> {
  const me = await requireRole('admin')
  const db = await getDb()
  const upTo = await latestAuditId(db)
  // Exact, unlike the page's capped count: the export reads every one of these rows anyway.
  const total = await countAuditRowsExactly(db, filters, upTo)
  const { user, email, action, entity, entityId, from, to } = filters
  await writeAudit(db, {
    action: 'audit.export',
    entityType: 'audit_log',
    actorId: me.id,
    actorEmail: me.email,
    ipAddress: await requestAddress(),
    details: { filters: { user, email, action, entity, entityId, from, to }, rows: total },
  })

  const encoder = new TextEncoder()
  let after: AuditCursor | null = null
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${Papa.unparse([COLUMNS.map(([header]) => header)])}\r\n`))
    },
    // Pull-based: the next batch is read only when the client has taken the previous one.
    async pull(controller) {
      const rows = await queryAuditBatch(db, filters, { after, upTo, limit: BATCH_SIZE })
      if (rows.length > 0) {
        controller.enqueue(encoder.encode(csvLines(rows)))
        after = rows[rows.length - 1]!.cursor
      }
      if (rows.length < BATCH_SIZE) controller.close()
    },
  })
}
