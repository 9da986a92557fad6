'use client'

import { createColumnHelper } from '@tanstack/react-table'
import Link from 'next/link'
import { useMemo } from 'react'
import {
  ServerDataTable,
  type ServerTableFeatures,
} from '@/components/data-table/server-data-table'
import { DISPOSITION_LABELS, PROCEDURE_LABELS } from '@/lib/candidates/labels'
import { PROCEDURE_STATUS_LABELS } from '@/lib/procedures/labels'
import type { ProcedureRow } from '@/lib/procedures/list'
import type { ProcedureSort, ProcedureView } from '@/lib/procedures/list-params'

const helper = createColumnHelper<ServerTableFeatures, ProcedureRow>()
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
  const columns = useMemo(() => columnsFor(view), [view])
  return (
    <ServerDataTable
      columns={columns}
      rows={rows}
      total={total}
      sort={sort}
      dir={dir}
      page={page}
      size={size}
      caption={`Procedures, sorted by ${SORT_NAMES[sort]} ${dir === 'asc' ? 'ascending' : 'descending'}`}
      emptyMessage={emptyMessage}
      rowHref={(row) => `/candidates/${row.patientId}`}
    />
  )
}
