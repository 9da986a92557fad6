import { Search } from 'lucide-react'
import { FilterForm } from '@/components/data-table/filter-form'
import { optionsFrom, SelectField } from '@/components/ui/select-field'
import { ROLE_LABELS, STAFF_STATUS_LABELS } from '@/lib/staff/labels'
import { staffListQuery, type StaffListParams } from '@/lib/staff/list-params'

interface StaffFiltersProps {
  params: StaffListParams
}

/** Search, role and status: a GET form, so the filters live in the URL. */
export function StaffFilters({ params }: StaffFiltersProps) {
  return (
    <FilterForm
      action="/admin/staff"
      label="Filter staff"
      keep={{ sort: params.sort, dir: params.dir, size: params.size }}
      clearHref="/admin/staff"
      urlState={staffListQuery(params)}
    >
      <div className="flex min-w-60 flex-1 flex-col gap-1">
        <label htmlFor="staff-search" className="text-sm font-medium text-slate-800">
          Search staff
        </label>
        <div className="relative">
          <Search
            aria-hidden
            className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-slate-400"
          />
          <input
            id="staff-search"
            type="search"
            name="q"
            defaultValue={params.q ?? ''}
            placeholder="Name or email"
            className="w-full rounded-md border border-slate-300 bg-white py-2 pl-8 pr-3 text-sm shadow-sm"
          />
        </div>
      </div>
      <SelectField
        id="staff-filter-role"
        name="role"
        label="Filter by role"
        placeholder="Any"
        options={optionsFrom(ROLE_LABELS)}
        defaultValue={params.role ?? ''}
      />
      <SelectField
        id="staff-filter-status"
        name="status"
        label="Filter by status"
        placeholder="Any"
        options={optionsFrom(STAFF_STATUS_LABELS)}
        defaultValue={params.status ?? ''}
      />
    </FilterForm>
  )
}
