import { FilterForm } from '@/components/data-table/filter-form'
import { optionsFrom, SelectField } from '@/components/ui/select-field'
import { TextField } from '@/components/ui/text-field'
import { TIMEPOINT_LABELS } from '@/lib/follow-ups/labels'
import type { ResolvedOutcomeFilters } from '@/lib/outcomes/filters'
import { OUTCOME_TIMEPOINTS, outcomeQuery } from '@/lib/outcomes/params'
import { PROCEDURE_LABELS } from '@/lib/procedures/labels'
import { ETIOLOGY_LABELS } from '@/lib/candidates/labels'

interface OutcomeFiltersProps {
  filters: ResolvedOutcomeFilters
  physicians: { id: string; name: string; active: boolean }[]
}

/** The filters every chart shares, as a GET form: they live in the URL. */
export function OutcomeFilters({ filters, physicians }: OutcomeFiltersProps) {
  return (
    <div className="print:hidden">
      <FilterForm
        action="/outcomes"
        label="Filter outcomes"
        keep={{}}
        clearHref="/outcomes"
        urlState={outcomeQuery(filters)}
      >
        <TextField
          id="outcome-filter-from"
          name="from"
          label="Performed from"
          type="date"
          defaultValue={filters.from ?? ''}
        />
        <TextField
          id="outcome-filter-to"
          name="to"
          label="Performed to"
          type="date"
          defaultValue={filters.to ?? ''}
        />
        <SelectField
          id="outcome-filter-type"
          name="type"
          label="Procedure type"
          placeholder="Any"
          options={optionsFrom(PROCEDURE_LABELS)}
          defaultValue={filters.type ?? ''}
        />
        <SelectField
          id="outcome-filter-physician"
          name="physician"
          label="Physician"
          placeholder="Any"
          options={physicians.map((p) => ({
            value: p.id,
            label: p.active ? p.name : `${p.name} (inactive)`,
          }))}
          defaultValue={filters.physicianId ?? ''}
        />
        <SelectField
          id="outcome-filter-etiology"
          name="etiology"
          label="Etiology"
          placeholder="Any"
          options={optionsFrom(ETIOLOGY_LABELS)}
          defaultValue={filters.etiology ?? ''}
        />
        <SelectField
          id="outcome-filter-timepoint"
          name="timepoint"
          label="Responder timepoint"
          options={OUTCOME_TIMEPOINTS.map((t) => ({ value: t, label: TIMEPOINT_LABELS[t] }))}
          defaultValue={filters.timepoint}
        />
      </FilterForm>
    </div>
  )
}
