import { z } from 'zod'
import type { AuditAction } from '@/lib/audit'
import { dayBounds } from '@/lib/clinic-time'
import { firstValues, queryString } from '@/lib/url-state'
import { AUDIT_ACTIONS } from './labels'

export const PAGE_SIZES = [25, 50, 100] as const
export const DEFAULT_PAGE_SIZE = 50

/** The User filter's value for rows no signed-in member wrote (system, failed sign-ins). */
export const NO_USER = 'none'

// Anything unreadable in the URL is dropped rather than failing the page.
const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined)

// Printable text only: a control or direction-override character is never a real search.
const plainText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .regex(/^[^\p{Cc}\p{Cf}]*$/u)
    .transform((value) => value || undefined)

// A calendar date the log can hold; years outside this range are typos, not searches.
const isoDay = z.iso.date().refine((value) => value >= '1970-01-01' && value <= '9999-12-30')

/** The audit log's state, all of it in the URL (search params). */
export const auditLogParams = z
  .object({
    user: optional(z.union([z.uuid(), z.literal(NO_USER)])),
    // Exact address, as stored (lower-case): also finds failed sign-ins of unknown emails.
    email: optional(plainText(254).transform((value) => value?.toLowerCase())),
    action: optional(z.enum(AUDIT_ACTIONS)),
    entity: optional(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/)),
    entityId: optional(plainText(200)),
    from: optional(isoDay),
    to: optional(isoDay),
    page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
    size: z.coerce
      .number()
      .pipe(
        z.union(
          PAGE_SIZES.map((size) => z.literal(size)) as [
            z.ZodLiteral<25>,
            z.ZodLiteral<50>,
            z.ZodLiteral<100>,
          ],
        ),
      )
      .catch(DEFAULT_PAGE_SIZE)
      .default(DEFAULT_PAGE_SIZE),
  })
  .transform(({ user, email, action, entity, entityId, from, to, page, size }): AuditLogParams => {
    // A range typed backwards is still the range the user meant.
    const [first, last] = from && to && from > to ? [to, from] : [from, to]
    return { user, email, action, entity, entityId, from: first, to: last, page, size }
  })

/**
 * The filters alone: what the list and the export select by, each optional. A type, not an
 * interface, so it fits Record<string, unknown> (the query-string builder).
 */
export type AuditLogFilters = {
  /** A staff member's id, or NO_USER. */
  user?: string
  email?: string
  action?: AuditAction
  entity?: string
  entityId?: string
  /** yyyy-mm-dd, inclusive, in the clinic's time zone; from ≤ to. */
  from?: string
  to?: string
}
export type AuditLogParams = AuditLogFilters & { page: number; size: (typeof PAGE_SIZES)[number] }

/** Reads the state from Next's searchParams (first value of repeated keys). */
export function parseAuditLogParams(
  searchParams: Record<string, string | string[] | undefined>,
): AuditLogParams {
  return auditLogParams.parse(firstValues(searchParams))
}

/** The filters of a state, without its paging (the export covers every page). */
export function auditFiltersOf(params: AuditLogParams): AuditLogFilters {
  const { user, email, action, entity, entityId, from, to } = params
  return { user, email, action, entity, entityId, from, to }
}

/** The URL query for a state, leaving out defaults so links stay short. */
export function auditLogQuery(params: Partial<AuditLogParams>): string {
  const defaults: Record<string, unknown> = auditLogParams.parse({})
  return queryString(params, (key, value) => defaults[key] !== value)
}

/** Whether any filter (not paging) narrows the log. */
export function hasAuditFilters(filters: AuditLogFilters): boolean {
  const { user, email, action, entity, entityId, from, to } = filters
  return Boolean(user || email || action || entity || entityId || from || to)
}

/**
 * The instants a From/To day range covers, both days included, in the clinic's time zone.
 * `before` is exclusive: the start of the day after `to`, so a day of 23 or 25 hours is whole.
 */
export function occurredBounds(
  filters: Pick<AuditLogFilters, 'from' | 'to'>,
  zone: string,
): { since?: Date; before?: Date } {
  return {
    since: filters.from ? dayBounds(filters.from, zone).start : undefined,
    before: filters.to ? dayBounds(filters.to, zone).end : undefined,
  }
}
