import type { Metadata } from 'next'
import { Pagination } from '@/components/data-table/pagination'
import { AddStaffForm } from '@/components/staff/add-staff-form'
import { StaffFilters } from '@/components/staff/staff-filters'
import { StaffTable } from '@/components/staff/staff-table'
import { Page } from '@/components/ui/page'
import { requireRole } from '@/lib/auth/session'
import { clinicTimeZone } from '@/lib/env'
import { parseStaffListParams, STAFF_PAGE_SIZES } from '@/lib/staff/list-params'
import { listStaff } from '@/lib/staff/queries'
import { addStaffAction } from './actions'
import { staffRowActions } from './row-actions'

export const metadata: Metadata = { title: 'Staff' }

interface StaffPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

export default async function StaffPage({ searchParams }: StaffPageProps) {
  const me = await requireRole('admin')
  const params = parseStaffListParams(await searchParams)
  const { rows, total, activeAdmins } = await listStaff(params)
  const filtered = Boolean(params.q || params.role || params.status)
  return (
    <Page title="Staff">
      <AddStaffForm action={addStaffAction} />
      <StaffFilters params={params} />
      <p className="text-sm text-slate-600">
        <strong className="font-semibold text-slate-900">{total.toLocaleString('en-US')}</strong>{' '}
        {total === 1 ? 'staff member' : 'staff members'}
        {filtered ? (total === 1 ? ' matches these filters' : ' match these filters') : ''}
      </p>
      <StaffTable
        rows={rows}
        total={total}
        sort={params.sort}
        dir={params.dir}
        page={params.page}
        size={params.size}
        meId={me.id}
        activeAdmins={activeAdmins}
        actions={staffRowActions}
        timeZone={clinicTimeZone()}
      />
      <Pagination
        page={params.page}
        size={params.size}
        total={total}
        pageSizes={STAFF_PAGE_SIZES}
        noun="staff members"
      />
    </Page>
  )
}
