import { z } from 'zod'

/** Next's searchParams with the first value of each repeated key, for a zod parse. */
export function firstValues(
  searchParams: Record<string, string | string[] | undefined>,
): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(searchParams).map(([key, value]) => [
      key,
      Array.isArray(value) ? value[0] : value,
    ]),
  )
}

/** A "?a=1&b=2" query of the set values that `keep` accepts (empty when none). */
export function queryString(
  params: Record<string, unknown>,
  keep: (key: string, value: unknown) => boolean = () => true,
): string {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    if (keep(key, value)) query.set(key, String(value))
  }
  const text = query.toString()
  return text ? `?${text}` : ''
}

/** The page sizes every list offers. */
export const LIST_PAGE_SIZES = [25, 50, 100] as const

/** A list's page number from the URL: anything unreadable is page 1. */
export const pageParam = (max: number) =>
  z.coerce.number().int().min(1).max(max).catch(1).default(1)

/** A list's page cursor from the URL (`after`/`before`, a row id, see lib/keyset.ts). */
export const cursorParam = () => z.uuid().optional().catch(undefined)

/** A list's page size from the URL: one of LIST_PAGE_SIZES, else 25. */
export const pageSizeParam = () =>
  z.coerce
    .number()
    .pipe(
      z.union(
        LIST_PAGE_SIZES.map((size) => z.literal(size)) as [
          z.ZodLiteral<25>,
          z.ZodLiteral<50>,
          z.ZodLiteral<100>,
        ],
      ),
    )
    .catch(25)
    .default(25)
