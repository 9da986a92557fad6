import Link from 'next/link'
import { optionsFrom, SelectField } from '@/components/ui/select-field'
import { PROCEDURE_LABELS } from '@/lib/patients/labels'
import { DISPOSITION_LABELS } from '@/lib/procedures/labels'
import { procedureListQuery, type ProcedureListParams } from '@/lib/procedures/list-params'

interface ProcedureFiltersProps {
  params: ProcedureListParams
  physicians: { id: string; name: string }[]
}

/**
 * A plain GET form: applying it writes the filters into the URL (page back to 1), so it works
 * before hydration, reloads to the same view, and Back undoes it.
 */
export function ProcedureFilters({ params, physicians }: ProcedureFiltersProps) {
  return (
    <form
      method="get"
      action="/procedures"
      aria-label="Filter procedures"
      className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4"
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
      {/* The view, sort and page size survive a new filter; the page starts again at 1. */}
      <input type="hidden" name="view" value={params.view} />
      <input type="hidden" name="sort" value={params.sort} />
      <input type="hidden" name="dir" value={params.dir} />
      <input type="hidden" name="size" value={params.size} />
      <div className="flex gap-2">
        <button
          type="submit"
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
        >
          Apply
        </button>
        <Link
          href={`/procedures${procedureListQuery({ view: params.view })}`}
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100"
        >
          Clear
        </Link>
      </div>
    </form>
  )
}
