import { z } from 'zod'
import { staffRoles } from '@/db/schema'
import { safeText } from '@/lib/form-fields'
import {
  firstValues,
  queryString,
  LIST_PAGE_SIZES,
  pageParam,
  pageSizeParam,
} from '@/lib/url-state'

export const STAFF_SORTS = ['name', 'email', 'role', 'status', 'lastLoginAt', 'locked'] as const
export type StaffSort = (typeof STAFF_SORTS)[number]

export const STAFF_STATUSES = ['active', 'inactive', 'locked'] as const
export type StaffStatusFilter = (typeof STAFF_STATUSES)[number]

export const STAFF_PAGE_SIZES = LIST_PAGE_SIZES

// Anything unreadable in the URL falls back to the default rather than failing the page.
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values).optional().catch(undefined)

/** The staff list's state, all of it in the URL. */
export const staffListParams = z.object({
  // A search with control characters is no search (a NUL would fail the query).
  q: safeText()
    .max(100)
    .optional()
    .catch(undefined)
    .transform((value) => value || undefined),
  role: optionalEnum(staffRoles),
  status: optionalEnum(STAFF_STATUSES),
  sort: z.enum(STAFF_SORTS).catch('name').default('name'),
  dir: z.enum(['asc', 'desc']).catch('asc').default('asc'),
  page: pageParam(10_000),
  size: pageSizeParam(),
})
export type StaffListParams = z.infer<typeof staffListParams>

export function parseStaffListParams(
  searchParams: Record<string, string | string[] | undefined>,
): StaffListParams {
  return staffListParams.parse(firstValues(searchParams))
}

/** The URL query for a list state, leaving out defaults so links stay short. */
export function staffListQuery(params: Partial<StaffListParams>): string {
  const defaults: Record<string, unknown> = staffListParams.parse({})
  return queryString(params, (key, value) => defaults[key] !== value)
}
