import type { Metadata } from 'next'
import Link from 'next/link'
import { CandidateFilters } from '@/components/candidates/candidate-filters'
import { CandidatesTable } from '@/components/candidates/candidates-table'
import { Pagination } from '@/components/data-table/pagination'
import { Page } from '@/components/ui/page'
import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import { cursorIdsOf } from '@/lib/keyset'
import { listCandidates, listPhysicians } from '@/lib/candidates/list'
import {
  candidateListQuery,
  PAGE_SIZES,
  parseCandidateListParams,
} from '@/lib/candidates/list-params'

export const metadata: Metadata = { title: 'Candidates' }

interface CandidatesPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

export default async function CandidatesPage({ searchParams }: CandidatesPageProps) {
  await requireRole(...CLINICAL_ROLES)
  const params = parseCandidateListParams(await searchParams)
  const [{ rows, total, capped, hasNext }, physicians] = await Promise.all([
    listCandidates(params),
    listPhysicians(),
  ])
  // Export takes the same filters and order; paging does not apply to it.
  const exportQuery = candidateListQuery({
    ...params,
    page: undefined,
    after: undefined,
    before: undefined,
    size: undefined,
  })
  return (
    <Page
      title="Candidates"
      actions={
        <div className="flex flex-wrap gap-2">
          <Link
            href="/candidates/new"
            className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
          >
            New candidate
          </Link>
          <Link
            href="/candidates/import"
            className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100"
          >
            Import CSV
          </Link>
          <form method="get" action="/candidates/export">
            {Object.entries(Object.fromEntries(new URLSearchParams(exportQuery))).map(
              ([key, value]) => (
                <input key={key} type="hidden" name={key} value={value} />
              ),
            )}
            <button
              type="submit"
              className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100"
            >
              Export CSV
            </button>
          </form>
        </div>
      }
    >
      <CandidateFilters params={params} physicians={physicians} />
      <p className="text-sm text-slate-600">
        <strong className="font-semibold text-slate-900">
          {total.toLocaleString('en-US')}
          {capped ? '+' : ''}
        </strong>{' '}
        {total === 1 ? 'candidate' : 'candidates'}
        {params.q || params.status || params.etiology || params.procedure || params.physician
          ? ' match these filters'
          : ''}
      </p>
      <CandidatesTable
        rows={rows}
        total={total}
        sort={params.sort}
        dir={params.dir}
        page={params.page}
        size={params.size}
      />
      <Pagination
        page={params.page}
        size={params.size}
        total={total}
        pageSizes={PAGE_SIZES}
        noun="candidates"
        capped={capped}
        hasNext={hasNext}
        cursorIds={cursorIdsOf(rows)}
      />
    </Page>
  )
}
