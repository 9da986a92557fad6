import { FilterForm } from '@/components/data-table/filter-form'
import { optionsFrom, SelectField } from '@/components/ui/select-field'
import { DISPOSITION_LABELS, PROCEDURE_LABELS } from '@/lib/candidates/labels'
import { procedureListQuery, type ProcedureListParams } from '@/lib/procedures/list-params'

interface ProcedureFiltersProps {
  params: ProcedureListParams
  physicians: { id: string; name: string }[]
}

export function ProcedureFilters({ params, physicians }: ProcedureFiltersProps) {
  return (
    <FilterForm
      action="/procedures"
      label="Filter procedures"
      keep={{ view: params.view, sort: params.sort, dir: params.dir, size: params.size }}
      clearHref={`/procedures${procedureListQuery({ view: params.view })}`}
      urlState={procedureListQuery(params)}
    >
      <SelectField
        id="procedure-filter-type"
        name="type"
        label="Procedure type"
        placeholder="Any"
        options={optionsFrom(PROCEDURE_LABELS)}
        defaultValue={params.type ?? ''}
      />
      <SelectField
        id="procedure-filter-physician"
        name="physician"
        label="Physician"
        placeholder="Any"
        options={physicians.map((p) => ({ value: p.id, label: p.name }))}
        defaultValue={params.physician ?? ''}
      />
      <SelectField
        id="procedure-filter-disposition"
        name="disposition"
        label="Disposition"
        placeholder="Any"
        options={optionsFrom(DISPOSITION_LABELS)}
        defaultValue={params.disposition ?? ''}
      />
    </FilterForm>
  )
}
