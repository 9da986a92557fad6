import { z } from 'zod'
import { etiologies, followUpTimepoints, procedureTypes } from '@/db/schema'
import { firstValues, queryString } from '@/lib/url-state'
import {
  DEFAULT_OUTCOME_TIMEPOINT,
  type OutcomeFilters,
  type OutcomeTimepoint,
  type ResolvedOutcomeFilters,
} from './filters'

/** The follow-ups a responder rate can be read at: every one after the procedure. */
export const OUTCOME_TIMEPOINTS = followUpTimepoints.filter(
  (timepoint): timepoint is OutcomeTimepoint => timepoint !== 'baseline',
) as [OutcomeTimepoint, ...OutcomeTimepoint[]]

// Anything unreadable in the URL is dropped rather than failing the page.
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined)

/** The outcomes page's filters, all in the URL (search params). */
export const outcomeParams = z
  .object({
    from: optional(z.iso.date()),
    to: optional(z.iso.date()),
    type: optional(z.enum(procedureTypes)),
    physician: optional(z.uuid()),
    etiology: optional(z.enum(etiologies)),
    timepoint: z
      .enum(OUTCOME_TIMEPOINTS)
      .catch(DEFAULT_OUTCOME_TIMEPOINT)
      .default(DEFAULT_OUTCOME_TIMEPOINT),
  })
  .transform(({ from, to, physician, ...rest }): ResolvedOutcomeFilters => {
    // A range typed backwards is still the range the user meant.
    const [first, last] = from && to && from > to ? [to, from] : [from, to]
    return { ...rest, from: first, to: last, physicianId: physician }
  })

/** Reads the filters from Next's searchParams (first value of repeated keys). */
export function parseOutcomeParams(
  searchParams: Record<string, string | string[] | undefined>,
): ResolvedOutcomeFilters {
  return outcomeParams.parse(firstValues(searchParams))
}

/** The URL query for a set of filters, leaving out the default timepoint so links stay short. */
export function outcomeQuery(filters: OutcomeFilters): string {
  const { from, to, type, physicianId, etiology, timepoint } = filters
  return queryString({
    from,
    to,
    type,
    physician: physicianId,
    etiology,
    timepoint: timepoint === DEFAULT_OUTCOME_TIMEPOINT ? undefined : timepoint,
  })
}

/** Whether any filter narrows the procedures (the timepoint only picks a follow-up). */
export const hasOutcomeFilters = (filters: OutcomeFilters): boolean =>
  Boolean(filters.from || filters.to || filters.type || filters.physicianId || filters.etiology)
