'use client'

import {
  createColumnHelper,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type SortingState,
  type Updater,
} from '@tanstack/react-table'
import Link from 'next/link'
import { usePathname, useRouter, useSearchParams } from 'next/navigation'
import { SortableHeader } from '@/components/data-table/sortable-header'
import { PROCEDURE_LABELS } from '@/lib/patients/labels'
import { DISPOSITION_LABELS } from '@/lib/procedures/labels'
import type { CandidateRow } from '@/lib/patients/list'
import type { CandidateSort } from '@/lib/patients/list-params'
import { ETIOLOGY_LABELS } from '@/lib/patients/schema'
import { STATUS_LABELS } from '@/lib/patients/statuses'

// Sorting and paging happen on the server; the table renders the page it is given.
const features = tableFeatures({ rowSortingFeature, rowPaginationFeature })
const helper = createColumnHelper<typeof features, CandidateRow>()
const dash = '—'

const columns = helper.columns([
  helper.accessor('name', {
    id: 'name',
    header: 'Name',
    cell: (info) => (
      <Link
        href={`/candidates/${info.row.original.id}`}
        className="font-medium text-brand-700 hover:underline"
      >
        {info.getValue()}
      </Link>
    ),
  }),
  helper.accessor('mrn', {
    id: 'mrn',
    header: 'MRN',
    cell: (info) => <span className="font-mono">{info.getValue()}</span>,
  }),
  helper.accessor('age', { id: 'age', header: 'Age' }),
  helper.accessor('levels', {
    id: 'levels',
    header: 'Levels',
    cell: (info) => info.getValue() || dash,
  }),
  helper.accessor('etiology', {
    id: 'etiology',
    header: 'Etiology',
    cell: (info) => ETIOLOGY_LABELS[info.getValue()],
  }),
  helper.accessor('status', {
    id: 'status',
    header: 'Status',
    cell: (info) => STATUS_LABELS[info.getValue()],
  }),
  helper.accessor('procedure', {
    id: 'procedure',
    header: 'Procedure',
    cell: (info) => {
      const value = info.getValue()
      return value ? PROCEDURE_LABELS[value] : dash
    },
  }),
  helper.accessor('disposition', {
    id: 'disposition',
    header: 'Disposition',
    cell: (info) => {
      const value = info.getValue()
      return value ? DISPOSITION_LABELS[value] : dash
    },
  }),
  helper.accessor('physician', { id: 'physician', header: 'Physician' }),
  helper.accessor('nextFollowUp', {
    id: 'nextFollowUp',
    header: 'Next follow-up',
    cell: (info) => info.getValue() ?? dash,
  }),
  helper.accessor('referralDate', { id: 'referralDate', header: 'Referred' }),
])

interface CandidatesTableProps {
  rows: CandidateRow[]
  total: number
  sort: CandidateSort
  dir: 'asc' | 'desc'
  page: number
  size: number
}

export function CandidatesTable({ rows, total, sort, dir, page, size }: CandidatesTableProps) {
  const router = useRouter()
  const pathname = usePathname()
  const searchParams = useSearchParams()
  const sorting: SortingState = [{ id: sort, desc: dir === 'desc' }]

  // A new sort is a new URL (so reload, links and Back keep it), back on page 1.
  function onSortingChange(updater: Updater<SortingState>) {
    const next = typeof updater === 'function' ? updater(sorting) : updater
    const params = new URLSearchParams(searchParams.toString())
    const first = next[0]
    // Clicking the sorted column a third time returns to the default order.
    if (first) {
      params.set('sort', first.id)
      params.set('dir', first.desc ? 'desc' : 'asc')
    } else {
      params.delete('sort')
      params.delete('dir')
    }
    params.delete('page')
    router.push(`${pathname}?${params.toString()}`)
  }

  const table = useTable({
    features,
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
        <caption className="sr-only">
          Candidates, sorted by {sort} {dir === 'asc' ? 'ascending' : 'descending'}
        </caption>
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
                No candidates match these filters.
              </td>
            </tr>
          ) : (
            table.getRowModel().rows.map((row) => (
              <tr
                key={row.id}
                className="cursor-pointer border-t border-slate-100 hover:bg-brand-50"
                // The name link is the keyboard path; a click anywhere on the row does the same.
                onClick={(event) => {
                  if ((event.target as HTMLElement).closest('a')) return
                  router.push(`/candidates/${row.original.id}`)
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
