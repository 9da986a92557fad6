import { Search } from 'lucide-react'
import { FilterForm } from '@/components/data-table/filter-form'
import { optionsFrom, SelectField } from '@/components/ui/select-field'
import { ETIOLOGY_LABELS, STATUS_LABELS } from '@/lib/candidates/labels'
import { PROCEDURE_LABELS } from '@/lib/procedures/labels'
import { candidateListQuery, type CandidateListParams } from '@/lib/candidates/list-params'

interface CandidateFiltersProps {
  params: CandidateListParams
  physicians: { id: string; name: string }[]
}

export function CandidateFilters({ params, physicians }: CandidateFiltersProps) {
  return (
    <FilterForm
      action="/candidates"
      label="Filter candidates"
      keep={{ sort: params.sort, dir: params.dir, size: params.size }}
      clearHref="/candidates"
      urlState={candidateListQuery(params)}
    >
      <div className="flex min-w-60 flex-1 flex-col gap-1">
        <label htmlFor="candidate-search" className="text-sm font-medium text-slate-800">
          Search candidates
        </label>
        <div className="relative">
          <Search
            aria-hidden
            className="pointer-events-none absolute left-2.5 top-2.5 size-4 text-slate-400"
          />
          <input
            id="candidate-search"
            type="search"
            name="q"
            defaultValue={params.q ?? ''}
            placeholder="Name or MRN"
            className="w-full rounded-md border border-slate-300 bg-white py-2 pl-8 pr-3 text-sm shadow-sm"
          />
        </div>
      </div>
      <SelectField
        name="status"
        label="Status"
        placeholder="Any"
        options={optionsFrom(STATUS_LABELS)}
        defaultValue={params.status ?? ''}
      />
      <SelectField
        name="etiology"
        label="Etiology"
        placeholder="Any"
        options={optionsFrom(ETIOLOGY_LABELS)}
        defaultValue={params.etiology ?? ''}
      />
      <SelectField
        name="procedure"
        label="Procedure type"
        placeholder="Any"
        options={optionsFrom(PROCEDURE_LABELS)}
        defaultValue={params.procedure ?? ''}
      />
      <SelectField
        name="physician"
        label="Physician"
        placeholder="Any"
        options={physicians.map((p) => ({ value: p.id, label: p.name }))}
        defaultValue={params.physician ?? ''}
      />
    </FilterForm>
  )
}
