import Link from 'next/link'
import { auditLogQuery, PAGE_SIZES, type AuditLogParams } from '@/lib/audit-log/params'
import { PageSizeSelect } from './page-size-select'

interface AuditPaginationProps {
  params: AuditLogParams
  /** Rows on this page. */
  shown: number
  /** The matching rows, counted up to a cap; `capped` means there are more than `total`. */
  total: number
  capped: boolean
  hasNext: boolean
}

const number = (value: number) => value.toLocaleString('en-US')
const linkClass = 'rounded-md border border-slate-300 bg-white px-3 py-1 hover:bg-slate-100'
const disabledClass = 'rounded-md border border-slate-200 px-3 py-1 text-slate-400'

/**
 * Previous/next links and the page size, all in the URL. The count is capped, so the last page
 * is not always known: "Next" follows from one row read past the page instead.
 */
export function AuditPagination({ params, shown, total, capped, hasNext }: AuditPaginationProps) {
  const href = (changes: Partial<AuditLogParams>) =>
    `/admin/audit${auditLogQuery({ ...params, ...changes })}`
  const first = (params.page - 1) * params.size + 1
  const last = first + shown - 1
  const of = capped ? `${number(total)}+` : number(total)
  const pageCount = Math.max(1, Math.ceil(total / params.size))
  // Past the end (an old link, a hand-edited URL), "Previous" leads back to the last page.
  const previous = !capped && params.page > pageCount ? pageCount : params.page - 1
  return (
    <nav
      aria-label="Pagination"
      className="flex flex-wrap items-center justify-between gap-3 text-sm"
    >
      <p aria-live="polite">
        {shown === 0
          ? total === 0
            ? 'No entries'
            : 'No entries on this page'
          : `${number(first)}–${number(last)} of ${of} entries`}
      </p>
      <div className="flex items-center gap-3">
        <PageSizeSelect
          value={params.size}
          options={PAGE_SIZES.map((size) => ({ size, href: href({ size, page: 1 }) }))}
        />
        <span>
          Page {number(params.page)}
          {capped ? '' : ` of ${number(pageCount)}`}
        </span>
        {params.page > 1 ? (
          <Link href={href({ page: previous })} className={linkClass}>
            Previous
          </Link>
        ) : (
          <span aria-disabled="true" className={disabledClass}>
            Previous
          </span>
        )}
        {hasNext ? (
          <Link href={href({ page: params.page + 1 })} className={linkClass}>
            Next
          </Link>
        ) : (
          <span aria-disabled="true" className={disabledClass}>
            Next
          </span>
        )}
      </div>
    </nav>
  )
}
