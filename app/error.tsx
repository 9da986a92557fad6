'use client'

import { StatusMain } from '@/components/shell/main-landmark'
import { DATABASE_UNAVAILABLE_DIGEST } from '@/lib/errors'

interface ErrorPageProps {
  error: Error & { digest?: string }
  reset: () => void
}

// Production builds strip server error messages; the digest we set survives, so a lost
// database is named while other failures stay generic (never a stack trace).
export default function ErrorPage({ error, reset }: ErrorPageProps) {
  const databaseDown = error.digest === DATABASE_UNAVAILABLE_DIGEST
  return (
    <StatusMain className="mx-auto flex max-w-lg flex-col gap-3 px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">
        {databaseDown ? 'Database unavailable' : 'Something went wrong'}
      </h1>
      <p className="text-slate-600">
        {databaseDown
          ? 'Augment cannot reach its database right now. Nothing was lost; try again in a moment.'
          : 'The page could not be shown. Try again; if it keeps happening, tell your administrator.'}
      </p>
      {error.digest && !databaseDown ? (
        <p className="font-mono text-xs text-slate-500">Reference: {error.digest}</p>
      ) : null}
      <button
        type="button"
        onClick={reset}
        className="mx-auto rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white"
      >
        Try again
      </button>
    </StatusMain>
  )
}
