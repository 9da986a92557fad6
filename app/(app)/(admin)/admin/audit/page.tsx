import type { Metadata } from 'next'
import Link from 'next/link'
import { AuditFilters } from '@/components/audit/audit-filters'
import { AuditPagination } from '@/components/audit/audit-pagination'
import { AuditTable } from '@/components/audit/audit-table'
import { Page } from '@/components/ui/page'
import { auditChainStatus, listAuditFilterOptions, listAuditLog } from '@/lib/audit-log/list'
import { clinicTimeZone } from '@/lib/env'
import {
  auditFiltersOf,
  auditLogQuery,
  hasAuditFilters,
  parseAuditLogParams,
} from '@/lib/audit-log/params'
import { requireRole } from '@/lib/auth/session'

export const metadata: Metadata = { title: 'Audit log' }

interface AuditLogPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

export default async function AuditLogPage({ searchParams }: AuditLogPageProps) {
  await requireRole('admin')
  const params = parseAuditLogParams(await searchParams)
  const [{ rows, total, capped, hasNext }, { actors, entityTypes }, chain] = await Promise.all([
    listAuditLog(params),
    listAuditFilterOptions(),
    auditChainStatus(),
  ])
  const filtered = hasAuditFilters(params)
  const timeZone = clinicTimeZone()
  // The export takes the same filters; paging does not apply to it.
  const exportQuery = new URLSearchParams(auditLogQuery(auditFiltersOf(params)))
  return (
    <Page
      title="Audit log"
      actions={
        <form method="get" action="/admin/audit/export">
          {[...exportQuery].map(([key, value]) => (
            <input key={key} type="hidden" name={key} value={value} />
          ))}
          <button
            type="submit"
            className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100"
          >
            Export CSV
          </button>
        </form>
      }
    >
      <p
        className={
          chain.intact
            ? 'text-sm text-slate-600'
            : 'rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm font-semibold text-red-800'
        }
      >
        {chain.message}
      </p>
      <AuditFilters params={params} actors={actors} entityTypes={entityTypes} timeZone={timeZone} />
      <p className="text-sm text-slate-600">
        <strong className="font-semibold text-slate-900">
          {total.toLocaleString('en-US')}
          {capped ? '+' : ''}
        </strong>{' '}
        {total === 1 && !capped ? 'entry' : 'entries'}
        {filtered ? ' match these filters' : ''}
        {capped ? ` (the count stops at ${total.toLocaleString('en-US')})` : ''}
      </p>
      <AuditTable
        rows={rows}
        timeZone={timeZone}
        emptyMessage={
          params.page > 1 && total > 0
            ? 'No entries on this page.'
            : filtered
              ? 'No entries match these filters.'
              : 'No entries yet.'
        }
      />
      {rows.length === 0 && params.page > 1 && total > 0 ? (
        <p className="text-sm">
          <Link
            href={`/admin/audit${auditLogQuery({ ...params, page: 1 })}`}
            className="text-brand-700 underline"
          >
            Go to the first page
          </Link>
        </p>
      ) : null}
      <AuditPagination
        params={params}
        shown={rows.length}
        total={total}
        capped={capped}
        hasNext={hasNext}
      />
    </Page>
  )
}
