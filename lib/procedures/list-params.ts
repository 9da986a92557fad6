import { z } from 'zod'
import { dispositions, procedureTypes } from '@/db/schema'
import {
  firstValues,
  queryString,
  LIST_PAGE_SIZES,
  cursorParam,
  pageParam,
  pageSizeParam,
} from '@/lib/url-state'

export const PROCEDURE_VIEWS = [
  'today',
  'upcoming',
  'needs_completion',
  'completed',
  'cancelled',
] as const
export type ProcedureView = (typeof PROCEDURE_VIEWS)[number]

export const PROCEDURE_SORTS = ['scheduled', 'performed', 'patient', 'type', 'physician'] as const
export type ProcedureSort = (typeof PROCEDURE_SORTS)[number]

export const PAGE_SIZES = LIST_PAGE_SIZES

/** Each view's natural order: what is next first, what happened last first. */
export const DEFAULT_SORT: Record<ProcedureView, { sort: ProcedureSort; dir: 'asc' | 'desc' }> = {
  today: { sort: 'scheduled', dir: 'asc' },
  upcoming: { sort: 'scheduled', dir: 'asc' },
  needs_completion: { sort: 'scheduled', dir: 'asc' },
  completed: { sort: 'performed', dir: 'desc' },
  cancelled: { sort: 'scheduled', dir: 'desc' },
}

/** Only completed procedures have a performed time to sort on. */
export function sortableIn(view: ProcedureView, sort: ProcedureSort): boolean {
  return sort !== 'performed' || view === 'completed'
}

// Anything unreadable in the URL falls back to the default rather than failing the page.
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values).optional().catch(undefined)

/** The procedure list's state, all of it in the URL (search params). */
export const procedureListParams = z
  .object({
    view: z.enum(PROCEDURE_VIEWS).catch('upcoming').default('upcoming'),
    type: optionalEnum(procedureTypes),
    physician: z.uuid().optional().catch(undefined),
    disposition: optionalEnum(dispositions),
    // Without a sort (or with one the view cannot use) the view's own order applies.
    sort: optionalEnum(PROCEDURE_SORTS),
    dir: optionalEnum(['asc', 'desc'] as const),
    page: pageParam(100_000),
    after: cursorParam(),
    before: cursorParam(),
    size: pageSizeParam(),
  })
  .transform(({ sort, dir, ...rest }) => {
    const fallback = DEFAULT_SORT[rest.view]
    const usable = sort !== undefined && sortableIn(rest.view, sort)
    return {
      ...rest,
      sort: usable ? sort : fallback.sort,
      dir: usable ? (dir ?? 'asc') : fallback.dir,
    }
  })
export type ProcedureListParams = z.output<typeof procedureListParams>

/** Reads the list state from Next's searchParams (first value of repeated keys). */
export function parseProcedureListParams(
  searchParams: Record<string, string | string[] | undefined>,
): ProcedureListParams {
  return procedureListParams.parse(firstValues(searchParams))
}

/** The URL query for a list state, leaving out the view's defaults so links stay short. */
export function procedureListQuery(params: Partial<ProcedureListParams>): string {
  // The sort's defaults depend on the view; the view's own default does not.
  const defaults: Record<string, unknown> = {
    ...procedureListParams.parse({ view: params.view }),
    view: 'upcoming',
  }
  // The sort and its direction go together: a default sort with another direction keeps both.
  const defaultOrder = params.sort === defaults.sort && params.dir === defaults.dir
  return queryString(params, (key, value) =>
    key === 'sort' || key === 'dir' ? !defaultOrder : defaults[key] !== value,
  )
}

/** Whether any filter (not the view, order or paging) narrows the list. */
export function hasProcedureFilters(params: ProcedureListParams): boolean {
  return Boolean(params.type || params.physician || params.disposition)
}
