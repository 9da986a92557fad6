import type { ActionResult } from '@/lib/action-result'

/** The form-level outcome of the last submit, announced to screen readers. */
export function FormMessage({ state }: { state: ActionResult<unknown> }) {
  if (state.ok && !state.message) return null
  return (
    <p
      role={state.ok ? 'status' : 'alert'}
      className={
        state.ok
          ? 'rounded-md bg-green-50 px-3 py-2 text-sm text-green-800'
          : 'rounded-md bg-red-50 px-3 py-2 text-sm text-red-800'
      }
    >
      {state.message}
    </p>
  )
}
