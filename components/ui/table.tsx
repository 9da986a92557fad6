import { clsx } from 'clsx'

interface TableProps {
  caption?: string
  /** Column headers; an empty string renders a visually hidden "Actions" header. */
  headers: string[]
  /** Shown in one full-width row when there are no rows. */
  empty?: string
  rowCount: number
  children: React.ReactNode
}

/** A plain read-only table in the app's card style. */
export function Table({
  caption,
  headers,
  empty = 'Nothing to show.',
  rowCount,
  children,
}: TableProps) {
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        {caption ? (
          <caption className="px-4 py-3 text-left text-slate-600">{caption}</caption>
        ) : null}
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            {headers.map((header, index) => (
              <th key={header || index} scope="col" className="px-4 py-2">
                {header || <span className="sr-only">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rowCount === 0 ? (
            <tr>
              <td colSpan={headers.length} className="px-4 py-6 text-center text-slate-600">
                {empty}
              </td>
            </tr>
          ) : (
            children
          )}
        </tbody>
      </table>
    </div>
  )
}

export function Row({ children }: { children: React.ReactNode }) {
  return <tr className="border-t border-slate-100 align-top">{children}</tr>
}

export function Cell({ className, ...props }: React.TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={clsx('px-4 py-2', className)} {...props} />
}
