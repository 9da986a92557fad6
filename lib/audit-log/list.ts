import 'server-only'
import { getDb } from '@/db/client'
import { requireRole } from '@/lib/auth/session'
import type { AuditLogParams } from './params'
import { queryActorOptions, queryAuditLog, queryEntityTypes } from './query'

export type { AuditActorOption, AuditLogRow } from './query'

/** The audit page's data: one page, newest first, the capped count and whether more follow. */
export async function listAuditLog(params: AuditLogParams) {
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
