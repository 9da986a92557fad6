'use client'

import {
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type ColumnDef,
  type SortingState,
  type Updater,
} from '@tanstack/react-table'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { SortableHeader } from './sortable-header'

/**
 * The features every server-driven table registers: sorting and paging happen in SQL, the
 * table renders the page it is given. Column helpers are built against this object.
 */
export const serverTableFeatures = tableFeatures({ rowSortingFeature, rowPaginationFeature })
export type ServerTableFeatures = typeof serverTableFeatures

interface ServerDataTableProps<Row extends { id: string }> {
  columns: ColumnDef<ServerTableFeatures, Row, unknown>[]
  rows: Row[]
  total: number
  sort: string
  dir: 'asc' | 'desc'
  page: number
  size: number
  /** Read by screen readers, e.g. "Candidates, sorted by name ascending". */
  caption: string
  emptyMessage: string
  /** Where a row leads; the row's own link is the keyboard path, a click anywhere does the same. */
  rowHref: (row: Row) => string
}

export function ServerDataTable<Row extends { id: string }>({
  columns,
  rows,
  total,
  sort,
  dir,
  page,
  size,
  caption,
  emptyMessage,
  rowHref,
}: ServerDataTableProps<Row>) {
  const router = useRouter()
  const pathname = usePathname()
  const searchParams = useSearchParams()
  const sorting: SortingState = [{ id: sort, desc: dir === 'desc' }]

  // A new sort is a new URL (so reload, links and Back keep it), back on page 1. Clicking the
  // sorted column a third time removes the sort: the list's default order applies.
  function onSortingChange(updater: Updater<SortingState>) {
    const next = typeof updater === 'function' ? updater(sorting) : updater
    const params = new URLSearchParams(searchParams.toString())
    const first = next[0]
    if (first) {
      params.set('sort', first.id)
      params.set('dir', first.desc ? 'desc' : 'asc')
    } else {
      params.delete('sort')
      params.delete('dir')
    }
    params.delete('page')
    params.delete('after')
    params.delete('before')
    router.push(`${pathname}?${params.toString()}`)
  }

  const table = useTable({
    features: serverTableFeatures,
    columns,
    data: rows,
    getRowId: (row) => row.id,
    state: { sorting, pagination: { pageIndex: page - 1, pageSize: size } },
    onSortingChange,
    manualSorting: true,
    manualPagination: true,
    rowCount: total,
    enableMultiSort: false,
    sortDescFirst: false,
  })

  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-50 text-slate-700">
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted()
                return (
                  <th
                    key={header.id}
                    scope="col"
                    className="whitespace-nowrap px-3 py-2"
                    aria-sort={
                      sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined
                    }
                  >
                    <SortableHeader
                      label={String(header.column.columnDef.header)}
                      sorted={sorted}
                      onSort={
                        header.column.getCanSort()
                          ? header.column.getToggleSortingHandler()
                          : undefined
                      }
                    />
                  </th>
                )
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-10 text-center text-slate-600">
                {emptyMessage}
              </td>
            </tr>
          ) : (
            table.getRowModel().rows.map((row) => (
              <tr
                key={row.id}
                className="cursor-pointer border-t border-slate-100 hover:bg-brand-50"
                onClick={(event) => {
                  if ((event.target as HTMLElement).closest('a')) return
                  router.push(rowHref(row.original))
                }}
              >
                {row.getAllCells().map((cell) => (
                  <td key={cell.id} className="whitespace-nowrap px-3 py-2">
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  )
}
