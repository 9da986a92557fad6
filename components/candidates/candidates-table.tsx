'use client'

import { createColumnHelper } from '@tanstack/react-table'
import Link from 'next/link'
import {
  ServerDataTable,
  type ServerTableFeatures,
} from '@/components/data-table/server-data-table'
import { ETIOLOGY_LABELS } from '@/lib/candidates/labels'
import { StatusChip } from '@/components/ui/status-chip'
import type { CandidateRow } from '@/lib/candidates/list'
import type { CandidateSort } from '@/lib/candidates/list-params'
import { DISPOSITION_LABELS, PROCEDURE_LABELS } from '@/lib/procedures/labels'
import { formatDate } from '@/lib/clinic-time'

const helper = createColumnHelper<ServerTableFeatures, CandidateRow>()
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
    cell: (info) => <StatusChip status={info.getValue()} />,
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
    cell: (info) => {
      const value = info.getValue()
      return value ? formatDate(value) : dash
    },
  }),
  helper.accessor('referralDate', {
    id: 'referralDate',
    header: 'Referred',
    cell: (info) => formatDate(info.getValue()),
  }),
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
  return (
    <ServerDataTable
      columns={columns}
      rows={rows}
      total={total}
      sort={sort}
      dir={dir}
      page={page}
      size={size}
      caption={`Candidates, sorted by ${sort} ${dir === 'asc' ? 'ascending' : 'descending'}`}
      emptyMessage="No candidates match these filters."
      rowHref={(row) => `/candidates/${row.id}`}
    />
  )
}
