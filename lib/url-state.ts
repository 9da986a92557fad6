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
