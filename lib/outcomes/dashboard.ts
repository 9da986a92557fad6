import 'server-only'
import Papa from 'papaparse'
import { getDb } from '@/db/client'
import { writeAudit } from '@/lib/audit'
import { requestAddress } from '@/lib/auth'
import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import { neutralizeFormula } from '@/lib/csv'
import type { OutcomeFilters } from './filters'
import { outcomesDashboard } from './queries'
import { cellText, OUTCOME_TABLE_IDS, outcomeTables, type OutcomeTableId } from './tables'

// The dashboard's shapes, for the components that draw it.
export type * from './pipeline'
export type * from './queries'
export type * from './summaries'

/** The outcomes page's data: every chart's aggregates for the filters (clinical roles only). */
export async function loadOutcomesDashboard(filters: OutcomeFilters) {
  await requireRole(...CLINICAL_ROLES)
  return outcomesDashboard(await getDb(), filters)
}

const isTableId = (value: string): value is OutcomeTableId =>
  (OUTCOME_TABLE_IDS as readonly string[]).includes(value)

/**
 * One chart table as CSV: exactly the cells the page's "Show data" table shows; null for a table
 * that doesn't exist. Aggregates hold no names, but small filtered groups can point at a
 * patient, so the download is audited.
 */
export async function exportOutcomeTableCsv(
  tableId: string,
  filters: OutcomeFilters,
): Promise<string | null> {
  const me = await requireRole(...CLINICAL_ROLES)
  if (!isTableId(tableId)) return null
  const db = await getDb()
  const table = outcomeTables(await outcomesDashboard(db, filters))[tableId]
  await writeAudit(db, {
    action: 'outcomes.export',
    entityType: 'outcomes',
    entityId: tableId,
    actorId: me.id,
    actorEmail: me.email,
    ipAddress: await requestAddress(),
    details: { filters, rows: table.rows.length },
  })
  return Papa.unparse({
    fields: table.columns,
    // Only text cells can smuggle a formula; numbers such as "-1.50" stay numbers.
    data: table.rows.map((row) =>
      row.map((cell) => (typeof cell === 'string' ? neutralizeFormula(cell) : cellText(cell))),
    ),
  })
}
