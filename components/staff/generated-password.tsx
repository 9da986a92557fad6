'use client'

interface GeneratedPasswordProps {
  password: string
  id: string
}

/** A password the server generated, shown once: read-only, selected on focus for copying. */
export function GeneratedPassword({ password, id }: GeneratedPasswordProps) {
  return (
    <div className="flex flex-col gap-1 rounded-md border border-amber-300 bg-amber-50 p-3">
      <label htmlFor={id} className="text-sm font-medium text-slate-900">
        Generated password
      </label>
      <input
        id={id}
        readOnly
        value={password}
        spellCheck={false}
        autoComplete="off"
        aria-describedby={`${id}-note`}
        onFocus={(event) => event.currentTarget.select()}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm"
      />
      <p id={`${id}-note`} className="text-xs text-slate-700">
        Shown only now: give it to them in person. They choose their own at their next sign-in.
      </p>
    </div>
  )
}
