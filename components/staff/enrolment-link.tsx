'use client'

import { useSyncExternalStore } from 'react'

interface EnrolmentLinkProps {
  /** The link's path (/enrol/…), from the server. */
  path: string
  id: string
}

const noSubscription = () => () => {}

/** A member's single-use enrolment link, shown once: read-only, selected on focus for copying. */
export function EnrolmentLink({ path, id }: EnrolmentLinkProps) {
  // The address the admin is using is the one the member can reach.
  const origin = useSyncExternalStore(
    noSubscription,
    () => window.location.origin,
    () => '',
  )
  return (
    <div className="flex flex-col gap-1 rounded-md border border-amber-300 bg-amber-50 p-3">
      <label htmlFor={id} className="text-sm font-medium text-slate-900">
        Enrolment link
      </label>
      <input
        id={id}
        readOnly
        value={`${origin}${path}`}
        spellCheck={false}
        autoComplete="off"
        aria-describedby={`${id}-note`}
        onFocus={(event) => event.currentTarget.select()}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 font-mono text-sm"
      />
      <p id={`${id}-note`} className="text-xs text-slate-700">
        Shown only now. Give it to them in person or over a channel you trust: it works once, for 24
        hours, and lets them set their own password.
      </p>
    </div>
  )
}
