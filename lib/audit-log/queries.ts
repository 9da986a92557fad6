import { and, asc, count, desc, eq, gte, isNull, lt, lte, sql, type SQL } from 'drizzle-orm'
import type { Database } from '@/db/client'
import { auditLog, staff } from '@/db/schema'
import { cappedCount, COUNT_CAP, type CappedCount, type CountedPage } from '@/lib/capped-count'
import { clinicTimeZone } from '@/lib/env'
import { NO_USER, occurredBounds, type AuditLogFilters } from './params'

export { COUNT_CAP }

// The audit log's SQL, free of request context so tests and the export can run it; callers
// authorize first (lib/audit-log/list.ts, lib/audit-log/export.ts).

export interface AuditLogRow {
  id: number
  occurredAt: Date
  actorId: string | null
  /** The member's current name; null when the row has no actor or the member is gone. */
  actorName: string | null
  /** The email as recorded at the time (for a failed sign-in: the one typed). */
  actorEmail: string | null
  action: string
  entityType: string
  entityId: string | null
  ipAddress: string | null
  details: unknown
}

/** Where the export has got to: the last row it wrote, in the list's order. */
export interface AuditCursor {
  /** occurred_at as PostgreSQL printed it: microseconds, which a JS Date would drop. */
  occurredAt: string
  id: number
}

/**
 * The WHERE clause of the filters. Which index serves what (PostgreSQL, checked with EXPLAIN):
 * user → audit_log_actor_idx (actor_id, occurred_at), in order; entity + entity id →
 * audit_log_entity_idx; a date range → audit_log_occurred_at_idx. Action, email and entity
 * type alone have no index of their own: they filter a backward walk of occurred_at, fast when
 * they are common and a full scan when rare. Indexes on (action, occurred_at, id) and
 * (actor_email, occurred_at, id) would serve them in order (not added: a migration is needed).
 */
export function auditFilter(filters: AuditLogFilters): SQL | undefined {
  const { since, before } = occurredBounds(filters, clinicTimeZone())
  const conditions: (SQL | undefined)[] = [
    filters.user === NO_USER
      ? isNull(auditLog.actorId)
      : filters.user
        ? eq(auditLog.actorId, filters.user)
        : undefined,
    filters.email ? eq(auditLog.actorEmail, filters.email) : undefined,
    filters.action ? eq(auditLog.action, filters.action) : undefined,
    filters.entity ? eq(auditLog.entityType, filters.entity) : undefined,
    filters.entityId ? eq(auditLog.entityId, filters.entityId) : undefined,
    since ? gte(auditLog.occurredAt, since) : undefined,
    before ? lt(auditLog.occurredAt, before) : undefined,
  ]
  return and(...conditions.filter((condition) => condition !== undefined))
}

// Newest first; id breaks ties between rows of one transaction (they share now()). The
// occurred_at indexes give the first key, an incremental sort the second.
const NEWEST_FIRST = [desc(auditLog.occurredAt), desc(auditLog.id)]

const rowColumns = {
  id: auditLog.id,
  occurredAt: auditLog.occurredAt,
  actorId: auditLog.actorId,
  actorName: staff.name,
  actorEmail: auditLog.actorEmail,
  action: auditLog.action,
  entityType: auditLog.entityType,
  entityId: auditLog.entityId,
  ipAddress: auditLog.ipAddress,
  details: auditLog.details,
}

/** One slice of the filtered log, newest first: a page (limit, offset). */
export async function queryAuditRows(
  db: Database,
  filters: AuditLogFilters,
  slice: { limit: number; offset: number },
): Promise<AuditLogRow[]> {
  return db
    .select(rowColumns)
    .from(auditLog)
    .leftJoin(staff, eq(staff.id, auditLog.actorId))
    .where(auditFilter(filters))
    .orderBy(...NEWEST_FIRST)
    .limit(slice.limit)
    .offset(slice.offset)
}

/**
 * The next batch after `cursor` (keyset, not offset: the export reads the whole filtered log,
 * and an offset would re-read every earlier row for each batch), up to row id `upTo`.
 */
export async function queryAuditBatch(
  db: Database,
  filters: AuditLogFilters,
  options: { after: AuditCursor | null; upTo: number; limit: number },
): Promise<(AuditLogRow & { cursor: AuditCursor })[]> {
  const { after } = options
  const rows = await db
    .select({ ...rowColumns, occurredAtText: sql<string>`${auditLog.occurredAt}::text` })
    .from(auditLog)
    .leftJoin(staff, eq(staff.id, auditLog.actorId))
    .where(
      and(
        auditFilter(filters),
        lte(auditLog.id, options.upTo),
        // A row comparison: PostgreSQL turns its first column into an index bound
        // (occurred_at <= …), so each batch starts at the cursor instead of re-reading.
        after
          ? sql`(${auditLog.occurredAt}, ${auditLog.id}) < (${after.occurredAt}::timestamptz, ${after.id})`
          : undefined,
      ),
    )
    .orderBy(...NEWEST_FIRST)
    .limit(options.limit)
  return rows.map(({ occurredAtText, ...row }) => ({
    ...row,
    cursor: { occurredAt: occurredAtText, id: row.id },
  }))
}

/** The newest row id: the export's upper bound, so rows written while it runs stay out. */
export async function latestAuditId(db: Database): Promise<number> {
  const [row] = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(1)
  return row?.id ?? 0
}

/** How many entries match, up to COUNT_CAP (the log grows without bound). */
export async function countAuditRows(
  db: Database,
  filters: AuditLogFilters,
  cap: number = COUNT_CAP,
): Promise<CappedCount> {
  return cappedCount(db, auditLog, auditFilter(filters), cap)
}

/** The exact count, up to row id `upTo`: for the export only, which reads every row anyway. */
export async function countAuditRowsExactly(
  db: Database,
  filters: AuditLogFilters,
  upTo: number,
): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(auditLog)
    .where(and(auditFilter(filters), lte(auditLog.id, upTo)))
  return row?.n ?? 0
}

/** One page, newest first, with the capped count, and whether a later page exists. */
export async function queryAuditLog(
  db: Database,
  params: AuditLogFilters & { page: number; size: number },
): Promise<CountedPage<AuditLogRow>> {
  // One row past the page says whether "Next" leads anywhere, even past the count's cap.
  const [rows, count] = await Promise.all([
    queryAuditRows(db, params, { limit: params.size + 1, offset: (params.page - 1) * params.size }),
    countAuditRows(db, params),
  ])
  return {
    rows: rows.slice(0, params.size),
    hasNext: rows.length > params.size,
    total: count.total,
    capped: count.capped,
  }
}

/**
 * The entity types present in the log, read as a loose index scan of audit_log_entity_idx
 * (one index probe per distinct type) rather than a DISTINCT over every row.
 */
export async function queryEntityTypes(db: Database): Promise<string[]> {
  const result = (await db.execute(sql`
    with recursive types(entity_type) as (
      (select ${auditLog.entityType} from ${auditLog} order by 1 limit 1)
      union all
      select (select a.entity_type from ${auditLog} a where a.entity_type > types.entity_type
              order by 1 limit 1)
      from types where types.entity_type is not null
    )
    select entity_type from types where entity_type is not null`)) as unknown as {
    rows: { entity_type: string }[]
  }
  return result.rows.map((row) => row.entity_type)
}

export interface AuditActorOption {
  id: string
  name: string
  email: string
  active: boolean
}

/** Every staff member, for the User filter (inactive ones too: their rows stay in the log). */
export async function queryActorOptions(db: Database): Promise<AuditActorOption[]> {
  return db
    .select({ id: staff.id, name: staff.name, email: staff.email, active: staff.active })
    .from(staff)
    .orderBy(desc(staff.active), asc(staff.name), asc(staff.email))
}
