import 'server-only'
import { getDb } from '@/db/client'
import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import { outcomesDashboard, type OutcomeFilters } from './queries'

export type * from './queries'

/** The outcomes page's data: every chart's aggregates for the filters (clinical roles only). */
export async function loadOutcomesDashboard(filters: OutcomeFilters) {
  await requireRole(...CLINICAL_ROLES)
  return outcomesDashboard(await getDb(), filters)
}
