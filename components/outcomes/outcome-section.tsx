import { Download } from 'lucide-react'
import { EmptyState } from '@/components/ui/empty-state'
import { cellText, type OutcomeTable, type OutcomeTableId } from '@/lib/outcomes/tables'

/** What every chart section takes besides its figures. */
export interface ChartSectionProps {
  /** Every chart's numbers as tables; a section shows and offers its own. */
  tables: Record<OutcomeTableId, OutcomeTable>
  /** The current filters as a URL query, carried into the CSV downloads. */
  filterQuery: string
}

interface OutcomeSectionProps {
  id: string
  title: string
  /** How many observations the chart counts, and what they are ("procedures", "treated levels"). */
  n: number
  noun: string
  /** Shown instead of the chart when n = 0. */
  emptyMessage: string
  /** What the chart shows and which literature it is set against. */
  description: React.ReactNode
  tables: OutcomeTable[]
  /** The current filters as a URL query, carried into the CSV downloads. */
  filterQuery: string
  children: React.ReactNode
}

/** One chart of the outcomes report: its title and n, the chart, its numbers and CSV downloads. */
export function OutcomeSection({
  id,
  title,
  n,
  noun,
  emptyMessage,
  description,
  tables,
  filterQuery,
  children,
}: OutcomeSectionProps) {
  const titleId = `${id}-title`
  return (
    <section
      aria-labelledby={titleId}
      className="outcome-section flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        <p className="text-sm text-slate-700" data-testid={`${id}-n`}>
          n = {n.toLocaleString('en-US')} {noun}
        </p>
      </div>
      {n === 0 ? (
        <EmptyState>{emptyMessage}</EmptyState>
      ) : (
        <>
          <div className="text-sm text-slate-700">{description}</div>
          {children}
          <div className="flex flex-wrap gap-x-4 gap-y-1 print:hidden">
            {tables.map((table) => (
              <a
                key={table.id}
                href={`/outcomes/export/${table.id}${filterQuery}`}
                download
                className="inline-flex items-center gap-1 text-sm font-medium text-brand-700 underline-offset-2 hover:underline"
              >
                <Download aria-hidden="true" className="size-4" />
                <span>
                  Download CSV
                  {tables.length > 1 ? (
                    `: ${table.title}`
                  ) : (
                    <span className="sr-only">: {table.title}</span>
                  )}
                </span>
              </a>
            ))}
          </div>
          <details className="outcome-data group">
            <summary className="cursor-pointer text-sm font-medium text-brand-700 print:hidden">
              Show data
            </summary>
            <div className="mt-2 flex flex-col gap-3">
              {tables.map((table) => (
                <OutcomeDataTable key={table.id} sectionId={id} table={table} />
              ))}
            </div>
          </details>
        </>
      )}
    </section>
  )
}

/** The title of one of several charts in a section. */
export function ChartCaption({ children }: { children: React.ReactNode }) {
  return <h3 className="text-sm font-medium text-slate-800">{children}</h3>
}

function OutcomeDataTable({ sectionId, table }: { sectionId: string; table: OutcomeTable }) {
  const captionId = `${sectionId}-${table.id}-caption`
  return (
    // A table wider than its column scrolls: focusable, so keyboard users can scroll it too.
    // A group, not a region: the chart's section is the region of that name.
    <div
      role="group"
      aria-labelledby={captionId}
      tabIndex={0}
      className="overflow-x-auto rounded-lg border border-slate-200"
    >
      <table className="w-full text-left text-sm">
        <caption id={captionId} className="px-3 py-2 text-left font-medium text-slate-800">
          {table.title}
        </caption>
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            {table.columns.map((column) => (
              <th key={column} scope="col" className="px-3 py-1.5 font-medium">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, rowIndex) => (
            <tr key={rowIndex} className="border-t border-slate-100">
              {row.map((cell, cellIndex) => {
                const content =
                  cell === null ? (
                    <>
                      <span aria-hidden="true">—</span>
                      <span className="sr-only">not available</span>
                    </>
                  ) : (
                    cellText(cell)
                  )
                const align = typeof cell === 'string' ? '' : 'text-right tabular-nums'
                // The first cell names the row for screen readers moving across it.
                return cellIndex === 0 ? (
                  <th key={cellIndex} scope="row" className={`px-3 py-1.5 font-normal ${align}`}>
                    {content}
                  </th>
                ) : (
                  <td key={cellIndex} className={`px-3 py-1.5 ${align}`}>
                    {content}
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
