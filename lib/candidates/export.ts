import 'server-only'
import Papa from 'papaparse'
import { getDb } from '@/db/client'
import { writeAudit } from '@/lib/audit'
import { neutralizeFormula } from '@/lib/csv'
import { requestAddress } from '@/lib/auth'
import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import { countCandidates, queryCandidatesAfter, type CandidateRow } from './list-query'
import type { CandidateListParams } from './list-params'
import { DISPOSITION_LABELS, ETIOLOGY_LABELS, PROCEDURE_LABELS } from './labels'
import { STATUS_LABELS } from './statuses'

const BATCH_SIZE = 2_000

const COLUMNS: [string, (row: CandidateRow) => string | number][] = [
  ['Name', (row) => row.name],
  ['MRN', (row) => row.mrn],
  ['Age', (row) => row.age],
  ['Levels', (row) => row.levels],
  ['Etiology', (row) => ETIOLOGY_LABELS[row.etiology]],
  ['Status', (row) => STATUS_LABELS[row.status]],
  ['Procedure', (row) => (row.procedure ? PROCEDURE_LABELS[row.procedure] : '')],
  ['Disposition', (row) => (row.disposition ? DISPOSITION_LABELS[row.disposition] : '')],
  ['Physician', (row) => row.physician],
  ['Next follow-up', (row) => row.nextFollowUp ?? ''],
  ['Referred', (row) => row.referralDate],
]

/**
 * Every row of the filtered view, in the view's order, as CSV text chunks: one batch in memory
 * at a time, never the whole file. The export is audited (with its filters) before it starts.
 */
export async function exportCandidatesCsv(
  listParams: CandidateListParams,
): Promise<ReadableStream<Uint8Array>> {
  const me = await requireRole(...CLINICAL_ROLES)
  const db = await getDb()
  // The export shows what the list shows this member: restricted records they may not see stay out.
  const params = { ...listParams, viewerId: me.id }
  const total = await countCandidates(db, params)
  const { q, status, etiology, procedure, physician, sort, dir } = params
  await writeAudit(db, {
    action: 'patient.export',
    entityType: 'patient',
    actorId: me.id,
    actorEmail: me.email,
    ipAddress: await requestAddress(),
    // The search text is often a name: record that a search was used, not what it was.
    details: {
      filters: { searched: Boolean(q), status, etiology, procedure, physician, sort, dir },
      rows: total,
    },
  })
  const encoder = new TextEncoder()
  // Each batch seeks past the last row sent, so a large export costs the same per batch.
  let lastId: string | undefined
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${Papa.unparse([COLUMNS.map(([header]) => header)])}\r\n`))
    },
    // Pull-based: the next batch is read only when the client has taken the previous one.
    async pull(controller) {
      const rows = await queryCandidatesAfter(db, params, lastId, BATCH_SIZE)
      if (rows.length > 0) {
        const cells = rows.map((row) => COLUMNS.map(([, value]) => neutralizeFormula(value(row))))
        controller.enqueue(encoder.encode(`${Papa.unparse(cells)}\r\n`))
      }
      lastId = rows.at(-1)?.id
      if (rows.length < BATCH_SIZE) controller.close()
    },
  })
}
