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
import { useMemo } from 'react'
import { SortableHeader } from '@/components/data-table/sortable-header'
import { PROCEDURE_LABELS } from '@/lib/patients/labels'
import { DISPOSITION_LABELS, PROCEDURE_STATUS_LABELS } from '@/lib/procedures/labels'
import type { ProcedureRow } from '@/lib/procedures/list'
import type { ProcedureSort, ProcedureView } from '@/lib/procedures/list-params'

// Sorting and paging happen on the server; the table renders the page it is given.
const features = tableFeatures({ rowSortingFeature, rowPaginationFeature })
const helper = createColumnHelper<typeof features, ProcedureRow>()
const dash = '—'

// Column ids that sort are the URL's sort values (lib/procedures/list-params.ts).
function columnsFor(view: ProcedureView) {
  return helper.columns([
    helper.accessor('patient', {
      id: 'patient',
      header: 'Patient',
      cell: (info) => (
        <Link
          href={`/candidates/${info.row.original.patientId}`}
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
      enableSorting: false,
    }),
    helper.accessor('type', {
      id: 'type',
      header: 'Type',
      cell: (info) => PROCEDURE_LABELS[info.getValue()],
    }),
    helper.accessor('scheduledAt', { id: 'scheduled', header: 'Scheduled' }),
    helper.accessor('performedAt', {
      id: 'performed',
      header: 'Performed',
      cell: (info) => info.getValue() ?? dash,
      // Only completed procedures have been performed.
      enableSorting: view === 'completed',
    }),
    helper.accessor('physician', { id: 'physician', header: 'Physician' }),
    helper.accessor('levels', {
      id: 'levels',
      header: 'Levels',
      cell: (info) => info.getValue() || dash,
      enableSorting: false,
    }),
    helper.accessor('disposition', {
      id: 'disposition',
      header: 'Disposition',
      cell: (info) => {
        const value = info.getValue()
        return value ? DISPOSITION_LABELS[value] : dash
      },
      enableSorting: false,
    }),
    helper.accessor('status', {
      id: 'status',
      header: 'Status',
      cell: (info) => PROCEDURE_STATUS_LABELS[info.getValue()],
      enableSorting: false,
    }),
  ])
}

const SORT_NAMES: Record<ProcedureSort, string> = {
  scheduled: 'scheduled time',
  performed: 'performed time',
  patient: 'patient name',
  type: 'type',
  physician: 'physician',
}

interface ProceduresTableProps {
  rows: ProcedureRow[]
  total: number
  view: ProcedureView
  sort: ProcedureSort
  dir: 'asc' | 'desc'
  page: number
  size: number
  emptyMessage: string
}

export function ProceduresTable({
  rows,
  total,
  view,
  sort,
  dir,
  page,
  size,
  emptyMessage,
}: ProceduresTableProps) {
  const router = useRouter()
  const pathname = usePathname()
  const searchParams = useSearchParams()
  const columns = useMemo(() => columnsFor(view), [view])
  const sorting: SortingState = [{ id: sort, desc: dir === 'desc' }]

  // A new sort is a new URL (so reload, links and Back keep it), back on page 1.
  function onSortingChange(updater: Updater<SortingState>) {
    const next = typeof updater === 'function' ? updater(sorting) : updater
    const params = new URLSearchParams(searchParams.toString())
    const first = next[0]
    // Clicking the sorted column a third time returns to the view's default order.
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
          Procedures, sorted by {SORT_NAMES[sort]} {dir === 'asc' ? 'ascending' : 'descending'}
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
                {emptyMessage}
              </td>
            </tr>
          ) : (
            table.getRowModel().rows.map((row) => (
              <tr
                key={row.id}
                className="cursor-pointer border-t border-slate-100 hover:bg-brand-50"
                // The patient link is the keyboard path; a click anywhere on the row does the same.
                onClick={(event) => {
                  if ((event.target as HTMLElement).closest('a')) return
                  router.push(`/candidates/${row.original.patientId}`)
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
