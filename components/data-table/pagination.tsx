'use client'

import Link from 'next/link'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'

interface PaginationProps {
  page: number
  size: number
  total: number
  pageSizes: readonly number[]
  noun: string
  /** `total` is a capped count (lib/capped-count.ts): there are more rows than it says. */
  capped?: boolean
  /** Whether a row exists past this page (read by the query), for when the count is capped. */
  hasNext?: boolean
  /**
   * The ids of the page's first and last rows, for lists paged by cursor (lib/keyset.ts): Next
   * starts after the last row, Previous ends before the first, whatever the depth.
   */
  cursorIds?: { first: string; last: string }
}

/** Previous/next links and the page size, all kept in the URL. */
export function Pagination({
  page,
  size,
  total,
  pageSizes,
  noun,
  capped = false,
  hasNext,
  cursorIds,
}: PaginationProps) {
  const router = useRouter()
  const pathname = usePathname()
  const searchParams = useSearchParams()
  const pageCount = Math.max(1, Math.ceil(total / size))
  const first = total === 0 ? 0 : (page - 1) * size + 1
  const last = capped ? page * size : Math.min(page * size, total)
  const of = `${total.toLocaleString('en-US')}${capped ? '+' : ''}`
  const nextExists = hasNext ?? page < pageCount

  // A page size or page number of its own replaces any cursor in the URL.
  const hrefFor = (changes: Record<string, string | null>) => {
    const params = new URLSearchParams(searchParams.toString())
    params.delete('after')
    params.delete('before')
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) params.delete(key)
      else params.set(key, value)
    }
    const query = params.toString()
    return query ? `${pathname}?${query}` : pathname
  }

  return (
    <nav
      aria-label="Pagination"
      className="flex flex-wrap items-center justify-between gap-3 text-sm"
    >
      <p aria-live="polite">
        {total === 0
          ? `No ${noun}`
          : `${first.toLocaleString('en-US')}–${last.toLocaleString('en-US')} of ${of} ${noun}`}
      </p>
      <div className="flex items-center gap-3">
        <label className="flex items-center gap-2">
          Rows per page
          <select
            value={size}
            onChange={(event) => router.push(hrefFor({ size: event.target.value, page: null }))}
            className="rounded-md border border-slate-300 bg-white px-2 py-1"
          >
            {pageSizes.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        </label>
        <span>
          Page {page.toLocaleString('en-US')}
          {capped ? '' : ` of ${pageCount.toLocaleString('en-US')}`}
        </span>
        {page > 1 ? (
          <Link
            href={hrefFor(
              page > 2
                ? { page: String(page - 1), before: cursorIds?.first ?? null }
                : { page: null },
            )}
            className="rounded-md border border-slate-300 bg-white px-3 py-1 hover:bg-slate-100"
          >
            Previous
          </Link>
        ) : (
          <span
            aria-disabled="true"
            className="rounded-md border border-slate-200 px-3 py-1 text-slate-400"
          >
            Previous
          </span>
        )}
        {nextExists ? (
          <Link
            href={hrefFor({ page: String(page + 1), after: cursorIds?.last ?? null })}
            className="rounded-md border border-slate-300 bg-white px-3 py-1 hover:bg-slate-100"
          >
            Next
          </Link>
        ) : (
          <span
            aria-disabled="true"
            className="rounded-md border border-slate-200 px-3 py-1 text-slate-400"
          >
            Next
          </span>
        )}
      </div>
    </nav>
  )
}
