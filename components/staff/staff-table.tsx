'use client'

import { createColumnHelper } from '@tanstack/react-table'
import Link from 'next/link'
import { createContext, useContext } from 'react'
import {
  ServerDataTable,
  type ServerTableFeatures,
} from '@/components/data-table/server-data-table'
import { formatDateTime } from '@/lib/clinic-time'
import { ROLE_LABELS } from '@/lib/staff/labels'
import type { StaffSort } from '@/lib/staff/list-params'
import type { StaffListRow } from '@/lib/staff/queries'
import { availableStaffActions } from '@/lib/staff/rules'
import type { StaffRowActionSet } from '@/lib/staff/types'
import { StaffRowActions } from './staff-row-actions'

interface StaffTableContext {
  meId: string
  activeAdmins: number
  actions: StaffRowActionSet
  /** The clinic's time zone, for the times shown. */
  timeZone: string
}

// The columns are built once at module level; what the cells need comes from context.
const TableContext = createContext<StaffTableContext | null>(null)

const helper = createColumnHelper<ServerTableFeatures, StaffListRow>()
const nameCellId = (row: StaffListRow) => `staff-${row.id}-name`

const columns = helper.columns([
  helper.accessor('name', {
    id: 'name',
    header: 'Name',
    cell: (info) => (
      <span id={nameCellId(info.row.original)}>
        <Link
          href={`/admin/staff/${info.row.original.id}`}
          className="font-medium text-brand-700 hover:underline"
        >
          {info.getValue()}
        </Link>
        <YouMarker staffId={info.row.original.id} />
      </span>
    ),
  }),
  helper.accessor('email', { id: 'email', header: 'Email' }),
  helper.accessor('role', {
    id: 'role',
    header: 'Role',
    cell: (info) => ROLE_LABELS[info.getValue()],
  }),
  helper.accessor('active', {
    id: 'status',
    header: 'Status',
    cell: (info) => <StatusText row={info.row.original} />,
  }),
  helper.accessor('lastLoginAt', {
    id: 'lastLoginAt',
    header: 'Last sign-in',
    cell: (info) => <LastSignIn value={info.getValue()} />,
  }),
  helper.accessor('locked', {
    id: 'locked',
    header: 'Locked',
    cell: (info) => <LockedCell row={info.row.original} />,
  }),
  helper.accessor('twoFactor', {
    id: 'twoFactor',
    header: 'Two-factor',
    enableSorting: false,
    cell: (info) => (info.getValue() ? 'On' : 'Off'),
  }),
  helper.display({
    id: 'actions',
    header: 'Actions',
    enableSorting: false,
    cell: (info) => <ActionsCell row={info.row.original} />,
  }),
])

function YouMarker({ staffId }: { staffId: string }) {
  const context = useContext(TableContext)
  return context?.meId === staffId ? <span className="ml-1 text-slate-600">(you)</span> : null
}

export function StatusText({ row }: { row: StaffListRow }) {
  return (
    <span className="flex flex-col">
      <span>{row.active ? 'Active' : 'Inactive'}</span>
      {row.mustChangePassword ? (
        <span className="text-xs text-slate-600">must change password</span>
      ) : null}
    </span>
  )
}

function LastSignIn({ value }: { value: Date | null }) {
  const timeZone = useContext(TableContext)?.timeZone ?? 'UTC'
  return <span className="tabular-nums">{value ? formatDateTime(value, timeZone) : 'Never'}</span>
}

function LockedCell({ row }: { row: StaffListRow }) {
  return <LockedText row={row} timeZone={useContext(TableContext)?.timeZone ?? 'UTC'} />
}

export function LockedText({ row, timeZone }: { row: StaffListRow; timeZone: string }) {
  if (row.locked && row.lockedUntil) {
    return <span className="text-red-700">Until {formatDateTime(row.lockedUntil, timeZone)}</span>
  }
  return <span>{row.failedLoginCount > 0 ? `No (${row.failedLoginCount} failed)` : 'No'}</span>
}

function ActionsCell({ row }: { row: StaffListRow }) {
  const context = useContext(TableContext)
  if (!context) return null
  return (
    // The table opens a row's page on a click anywhere in it (keys on a button click too, and
    // a dialog's events bubble through its portal): the actions are not that click.
    <div onClick={(event) => event.stopPropagation()}>
      <StaffRowActions
        member={row}
        allowed={availableStaffActions(row, context.meId, context.activeAdmins)}
        actions={context.actions}
        describedBy={nameCellId(row)}
      />
    </div>
  )
}

interface StaffTableProps extends StaffTableContext {
  rows: StaffListRow[]
  total: number
  sort: StaffSort
  dir: 'asc' | 'desc'
  page: number
  size: number
}

export function StaffTable({
  rows,
  total,
  sort,
  dir,
  page,
  size,
  meId,
  activeAdmins,
  actions,
  timeZone,
}: StaffTableProps) {
  return (
    <TableContext.Provider value={{ meId, activeAdmins, actions, timeZone }}>
      <ServerDataTable
        columns={columns}
        rows={rows}
        total={total}
        sort={sort}
        dir={dir}
        page={page}
        size={size}
        caption={`Staff, sorted by ${sort} ${dir === 'asc' ? 'ascending' : 'descending'}`}
        emptyMessage="No staff members match these filters."
        rowHref={(row) => `/admin/staff/${row.id}`}
      />
    </TableContext.Provider>
  )
}
