import type { Metadata } from 'next'
import Link from 'next/link'
import { Pagination } from '@/components/data-table/pagination'
import { ProcedureFilters } from '@/components/procedures/procedure-filters'
import { ProcedureViews } from '@/components/procedures/procedure-views'
import { ProceduresTable } from '@/components/procedures/procedures-table'
import { Page } from '@/components/ui/page'
import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import { cursorIdsOf } from '@/lib/keyset'
import { listPhysicians } from '@/lib/candidates/list'
import { listProcedures } from '@/lib/procedures/list'
import {
  hasProcedureFilters,
  PAGE_SIZES,
  parseProcedureListParams,
} from '@/lib/procedures/list-params'
import { PROCEDURE_VIEW_LABELS } from '@/lib/procedures/labels'

export const metadata: Metadata = { title: 'Procedures' }

interface ProceduresPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

export default async function ProceduresPage({ searchParams }: ProceduresPageProps) {
  await requireRole(...CLINICAL_ROLES)
  const params = parseProcedureListParams(await searchParams)
  const [{ rows, total, capped, hasNext }, physicians] = await Promise.all([
    listProcedures(params),
    listPhysicians(),
  ])
  const filtered = hasProcedureFilters(params)
  const viewName = PROCEDURE_VIEW_LABELS[params.view].toLowerCase()
  return (
    <Page title="Procedures">
      <p className="text-sm">
        <Link href="/procedures/calendar" className="text-brand-700 underline">
          Procedure calendar
        </Link>{' '}
        <span className="text-slate-600">: the room&apos;s day and week, per physician.</span>
      </p>
      <ProcedureViews params={params} />
      <ProcedureFilters params={params} physicians={physicians} />
      <p className="text-sm text-slate-600">
        <strong className="font-semibold text-slate-900">
          {total.toLocaleString('en-US')}
          {capped ? '+' : ''}
        </strong>{' '}
        {viewName} {total === 1 ? 'procedure' : 'procedures'}
        {filtered ? ' match these filters' : ''}
      </p>
      <ProceduresTable
        rows={rows}
        total={total}
        view={params.view}
        sort={params.sort}
        dir={params.dir}
        page={params.page}
        size={params.size}
        emptyMessage={
          filtered ? 'No procedures match these filters.' : `No ${viewName} procedures.`
        }
      />
      <Pagination
        page={params.page}
        size={params.size}
        total={total}
        pageSizes={PAGE_SIZES}
        noun="procedures"
        capped={capped}
        hasNext={hasNext}
        cursorIds={cursorIdsOf(rows)}
      />
    </Page>
  )
}
