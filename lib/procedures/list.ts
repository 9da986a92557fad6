import 'server-only'
import { getDb } from '@/db/client'
import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import type { ProcedureListParams } from './list-params'
import type { CountedPage } from '@/lib/capped-count'
import { queryProcedures, type ProcedureRow } from './list-query'

export type { ProcedureRow } from './list-query'

/** The procedure list page's data: one page of rows and the total for the view and filters. */
export async function listProcedures(
  params: ProcedureListParams,
): Promise<CountedPage<ProcedureRow>> {
  const me = await requireRole(...CLINICAL_ROLES)
  return queryProcedures(await getDb(), { ...params, viewerId: me.id })
}
