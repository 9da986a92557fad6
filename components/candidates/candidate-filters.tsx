import { Search } from 'lucide-react'
import Link from 'next/link'
import { optionsFrom, SelectField } from '@/components/ui/select-field'
import { PROCEDURE_LABELS } from '@/lib/patients/labels'
import type { CandidateListParams } from '@/lib/patients/list-params'
import { ETIOLOGY_LABELS } from '@/lib/patients/schema'
import { STATUS_LABELS } from '@/lib/patients/statuses'

interface CandidateFiltersProps {
  params: CandidateListParams
  physicians: { id: string; name: string }[]
}

/**
 * A plain GET form: applying it writes the filters into the URL (page back to 1), so it works
 * before hydration, reloads to the same view, and Back undoes it.
 */
export function CandidateFilters({ params, physicians }: CandidateFiltersProps) {
  return (
    <form
      method="get"
      action="/candidates"
      role="search"
      className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4"
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
      {/* Sort and page size survive a new filter; the page starts again at 1. */}
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
          href="/candidates"
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100"
        >
          Clear
        </Link>
      </div>
    </form>
  )
}
