import 'server-only'
import { getDb } from '@/db/client'
import { requireRole } from '@/lib/auth/session'
import { describeChainReport, verifyChainSinceCheckpoint } from './chain'
import type { AuditLogParams } from './params'
import type { CountedPage } from '@/lib/capped-count'
import { queryActorOptions, queryAuditLog, queryEntityTypes, type AuditLogRow } from './queries'

export type { AuditActorOption, AuditLogRow } from './queries'

/** The audit page's data: one page, newest first, the capped count and whether more follow. */
export async function listAuditLog(params: AuditLogParams): Promise<CountedPage<AuditLogRow>> {
  await requireRole('admin')
  return queryAuditLog(await getDb(), params)
}

/** What the filters offer: every staff member, and every entity type the log holds. */
export async function listAuditFilterOptions() {
  await requireRole('admin')
  const db = await getDb()
  const [actors, entityTypes] = await Promise.all([queryActorOptions(db), queryEntityTypes(db)])
  return { actors, entityTypes }
}

// Rows the audit page checks per view past the last checkpoint: a few milliseconds' work; a
// backlog larger than this is worked off over the next views (or by npm run audit:verify).
const CHAIN_ROWS_PER_VIEW = 20_000

/** The status line of the audit page: the hash chain intact through row N, or its first break. */
export async function auditChainStatus() {
  await requireRole('admin')
  const report = await verifyChainSinceCheckpoint(await getDb(), CHAIN_ROWS_PER_VIEW)
  return { intact: report.intact, message: describeChainReport(report) }
}
