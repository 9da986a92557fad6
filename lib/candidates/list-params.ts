import { z } from 'zod'
import { etiologies, patientStatuses, procedureTypes } from '@/db/schema'
import { safeText } from '@/lib/form-fields'
import {
  firstValues,
  queryString,
  LIST_PAGE_SIZES,
  cursorParam,
  pageParam,
  pageSizeParam,
} from '@/lib/url-state'

export const CANDIDATE_SORTS = [
  'name',
  'mrn',
  'age',
  'levels',
  'etiology',
  'status',
  'procedure',
  'disposition',
  'physician',
  'nextFollowUp',
  'referralDate',
] as const
export type CandidateSort = (typeof CANDIDATE_SORTS)[number]

export const PAGE_SIZES = LIST_PAGE_SIZES

// Anything unreadable in the URL falls back to the default rather than failing the page.
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values).optional().catch(undefined)

/** The candidate list's state, all of it in the URL (search params). */
export const candidateListParams = z.object({
  // A search with control characters is no search (a NUL would fail the query).
  q: safeText()
    .max(100)
    .optional()
    .catch(undefined)
    .transform((value) => value || undefined),
  status: optionalEnum(patientStatuses),
  etiology: optionalEnum(etiologies),
  procedure: optionalEnum(procedureTypes),
  physician: z.uuid().optional().catch(undefined),
  sort: z.enum(CANDIDATE_SORTS).catch('referralDate').default('referralDate'),
  dir: z.enum(['asc', 'desc']).catch('desc').default('desc'),
  page: pageParam(100_000),
  after: cursorParam(),
  before: cursorParam(),
  size: pageSizeParam(),
})
export type CandidateListParams = z.infer<typeof candidateListParams>

/** Reads the list state from Next's searchParams (first value of repeated keys). */
export function parseCandidateListParams(
  searchParams: Record<string, string | string[] | undefined>,
): CandidateListParams {
  return candidateListParams.parse(firstValues(searchParams))
}

/** The URL query for a list state, leaving out defaults so links stay short. */
export function candidateListQuery(params: Partial<CandidateListParams>): string {
  const defaults: Record<string, unknown> = candidateListParams.parse({})
  return queryString(params, (key, value) => defaults[key] !== value)
}

/** Search terms: each must prefix the first name, the last name or the MRN. */
export function searchTerms(q: string | undefined): string[] {
  if (!q) return []
  return q
    .split(/[\s,]+/)
    .map((term) => term.replace(/[^\p{L}\p{N}'-]/gu, ''))
    .filter(Boolean)
    .slice(0, 4)
}
