'use client'

import './globals.css'

// Last resort when the root layout itself fails.
export default function GlobalError({ reset }: { error: Error; reset: () => void }) {
  return (
    <html lang="en">
      <body>
        <main className="mx-auto flex max-w-lg flex-col gap-3 px-4 py-24 text-center">
          <h1 className="text-2xl font-semibold">Something went wrong</h1>
          <button
            type="button"
            onClick={reset}
            className="mx-auto rounded-md bg-brand-600 px-4 py-2 text-sm text-white"
          >
            Try again
          </button>
        </main>
      </body>
    </html>
  )
}
