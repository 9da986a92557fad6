import 'server-only'
import { asc, desc, eq } from 'drizzle-orm'
import { getDb } from '@/db/client'
import { staff } from '@/db/schema'
import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import type { CandidateListParams } from './list-params'
import type { CountedPage } from '@/lib/capped-count'
import { queryCandidates, type CandidateRow } from './list-query'

export type { CandidateRow } from './list-query'

/** The list page's data: one page of rows and the total for the filters. */
export async function listCandidates(
  params: CandidateListParams,
): Promise<CountedPage<CandidateRow>> {
  const me = await requireRole(...CLINICAL_ROLES)
  return queryCandidates(await getDb(), { ...params, viewerId: me.id })
}

export interface PhysicianOption {
  id: string
  name: string
  active: boolean
}

/** Physicians for filters and the assignment select (inactive ones only to show history). */
export async function listPhysicians(): Promise<PhysicianOption[]> {
  await requireRole(...CLINICAL_ROLES)
  const db = await getDb()
  return db
    .select({ id: staff.id, name: staff.name, active: staff.active })
    .from(staff)
    .where(eq(staff.role, 'physician'))
    .orderBy(desc(staff.active), asc(staff.name))
}
