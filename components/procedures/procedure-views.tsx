import { clsx } from 'clsx'
import Link from 'next/link'
import {
  PROCEDURE_VIEWS,
  procedureListQuery,
  type ProcedureListParams,
} from '@/lib/procedures/list-params'
import { PROCEDURE_VIEW_LABELS } from '@/lib/procedures/labels'

interface ProcedureViewsProps {
  params: ProcedureListParams
}

/**
 * The views as links: switching keeps the filters and page size, and starts the new view in its
 * own order on page 1.
 */
export function ProcedureViews({ params }: ProcedureViewsProps) {
  return (
    <nav aria-label="Procedure views">
      <ul className="flex flex-wrap gap-1 border-b border-slate-200">
        {PROCEDURE_VIEWS.map((view) => {
          const current = view === params.view
          const href = `/procedures${procedureListQuery({
            view,
            type: params.type,
            physician: params.physician,
            disposition: params.disposition,
            size: params.size,
          })}`
          return (
            <li key={view}>
              <Link
                href={href}
                aria-current={current ? 'page' : undefined}
                className={clsx(
                  '-mb-px inline-block border-b-2 px-4 py-2 text-sm font-medium',
                  current
                    ? 'border-brand-600 text-brand-700'
                    : 'border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900',
                )}
              >
                {PROCEDURE_VIEW_LABELS[view]}
              </Link>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
