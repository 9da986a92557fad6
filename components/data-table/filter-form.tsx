import Link from 'next/link'

interface FilterFormProps {
  action: string
  /** The form's accessible name. */
  label: string
  /** List state that survives a new filter (view, sort, page size); the page starts again at 1. */
  keep: Record<string, string | number>
  clearHref: string
  /** The URL state the fields show (its query string): a new value remounts them. */
  urlState: string
  children: React.ReactNode
}

/**
 * A plain GET form: applying it writes the filters into the URL, so it works before hydration,
 * reloads to the same view, and Back undoes it.
 */
export function FilterForm({
  action,
  label,
  keep,
  clearHref,
  urlState,
  children,
}: FilterFormProps) {
  return (
    <form
      // The fields are uncontrolled: after a client-side navigation (Clear, Back) they would keep
      // what was last picked. A key per URL state remounts them with the URL's values.
      key={urlState}
      method="get"
      action={action}
      aria-label={label}
      className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-4"
    >
      {children}
      {Object.entries(keep).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <div className="flex gap-2">
        <button
          type="submit"
          className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
        >
          Apply
        </button>
        <Link
          href={clearHref}
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100"
        >
          Clear
        </Link>
      </div>
    </form>
  )
}
