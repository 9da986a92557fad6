import { asc, desc, sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'

// Keyset ("seek") paging for the lists: cost must not grow with page depth
// (docs/performance-targets.md#flat-cost-at-any-size). The Next and Previous links name the row a
// page starts after or ends before; the query seeks to that row's sort key through the sort's index
// instead of reading and skipping OFFSET rows. A page number typed into the URL without a cursor
// still works, by OFFSET.

/** Where a page starts: just after one row (Next) or just before one (Previous), by id. */
type PageCursor = { after: string } | { before: string }

/** The cursor of a list's URL state (`after` wins if a hand-made URL has both). */
function pageCursor(params: { after?: string; before?: string }): PageCursor | undefined {
  if (params.after) return { after: params.after }
  if (params.before) return { before: params.before }
  return undefined
}

export type SortKey = SQL | AnyPgColumn

/** The ids a page's Previous and Next links seek from (none for an empty page). */
export function cursorIdsOf(rows: { id: string }[]): { first: string; last: string } | undefined {
  const [first, last] = [rows[0], rows.at(-1)]
  return first && last ? { first: first.id, last: last.id } : undefined
}

/**
 * A list's order: keys that all run one direction, the last one unique (the id) so the order is
 * total. Only the first key may be NULL (`nullableFirst`).
 */
export interface KeysetOrder {
  keys: SortKey[]
  ascending: boolean
  nullableFirst?: boolean
}

export function orderByKeys({ keys, ascending }: KeysetOrder): SQL[] {
  return keys.map((key) => (ascending ? asc(key) : desc(key)))
}

const list = (items: SQL[]) => sql.join(items, sql`, `)
const values = (items: unknown[]) => list(items.map((item) => sql`${item}`))

/**
 * The rows strictly later in `order` than the row whose key values are `boundary` (as text,
 * NULL as null). A row comparison, so PostgreSQL seeks in the index that matches the keys.
 * PostgreSQL sorts NULL as the highest value: last ascending, first descending.
 */
export function laterThan(order: KeysetOrder, boundary: Boundary): SQL {
  const { keys, ascending, nullableFirst = false } = order
  const beyond = (k: SortKey[], v: unknown[]) =>
    ascending
      ? sql`(${list(k.map((key) => sql`${key}`))}) > (${values(v)})`
      : sql`(${list(k.map((key) => sql`${key}`))}) < (${values(v)})`
  if (!nullableFirst) return beyond(keys, boundary)
  const [first, ...rest] = keys
  const [firstValue, ...restValues] = boundary
  if (firstValue === null) {
    const withinNulls = sql`(${first} is null and ${beyond(rest, restValues)})`
    return ascending ? withinNulls : sql`(${first} is not null or ${withinNulls})`
  }
  return ascending ? sql`(${first} is null or ${beyond(keys, boundary)})` : beyond(keys, boundary)
}

/** The same order run backwards (PostgreSQL's NULL placement reverses with it). */
function reversed(order: KeysetOrder): KeysetOrder {
  return { ...order, ascending: !order.ascending }
}

/** A SELECT's fields for a row's key values as text (a boundary lookup), k0, k1, … */
export function keyFields(order: KeysetOrder): Record<string, SQL<string | null>> {
  return Object.fromEntries(
    order.keys.map((key, i) => [`k${i}`, sql<string | null>`(${key})::text`]),
  )
}

/** The key values a keyFields() SELECT read, in key order. */
export function keyValues(
  order: KeysetOrder,
  row: Record<string, string | null>,
): (string | null)[] {
  return order.keys.map((_, i) => row[`k${i}`] ?? null)
}

/** The key values of one row, as text (null for NULL), or undefined when no such row is listed. */
export type BoundaryLookup = (id: string) => Promise<Boundary | undefined>

/** A row's sort key values, as text (NULL as null). */
export type Boundary = (string | null)[]

/** Reads `limit` rows in `order` matching the list's filters, after `boundary` when given. */
export type RowReader<Row> = (
  order: KeysetOrder,
  boundary: Boundary | undefined,
  slice: { limit: number; offset: number },
) => Promise<Row[]>

/**
 * One page of a list: by cursor when the URL has one whose row still exists, else by page number.
 * `hasNext` comes from one row read past the page.
 */
export async function keysetPage<Row>(options: {
  order: KeysetOrder
  /** The list's URL state: page number, page size and cursor. */
  params: { page: number; size: number; after?: string; before?: string }
  boundary: BoundaryLookup
  read: RowReader<Row>
}): Promise<{ rows: Row[]; hasNext: boolean }> {
  const { order, params, boundary, read } = options
  const { page, size } = params
  const cursor = pageCursor(params)
  const id = cursor && ('after' in cursor ? cursor.after : cursor.before)
  const keys = id === undefined ? undefined : await boundary(id)
  if (!cursor || !keys) {
    const rows = await read(order, undefined, { limit: size + 1, offset: (page - 1) * size })
    return { rows: rows.slice(0, size), hasNext: rows.length > size }
  }
  if ('after' in cursor) {
    const rows = await read(order, keys, { limit: size + 1, offset: 0 })
    return { rows: rows.slice(0, size), hasNext: rows.length > size }
  }
  // Backwards from the row the next page starts with: that row exists, so there is a next page.
  const backwards = reversed(order)
  const rows = await read(backwards, keys, { limit: size, offset: 0 })
  if (rows.length === size) return { rows: rows.reverse(), hasNext: true }
  // Fewer rows before it than a page (rows moved since the link was made): the first page.
  const first = await read(order, undefined, { limit: size + 1, offset: 0 })
  return { rows: first.slice(0, size), hasNext: first.length > size }
}
