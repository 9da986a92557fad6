'use client'

import { useRouter } from 'next/navigation'
import { useActionState, useEffect } from 'react'
import { idleActionState, type ActionResult } from '@/lib/action-result'
import { actionFormView, type ActionFormView } from './action-form'
import { useDisclosureClose } from './disclosure'

interface ActionFormOptions<T> {
  /** The result shown before the first submit (a message the page carries in). */
  initialState?: ActionResult<T>
  /** The version of the record the form edits, as the page shows it now. */
  version?: number
  /**
   * A refusal that is not about the fields (someone else changed the record meanwhile) refreshes
   * the page, so it shows the current version next to the message.
   */
  refreshOnRefusal?: boolean
}

/**
 * Every form's link to its server action: the last result (for `FormMessage`), the pending flag,
 * and what each field shows (see `actionFormView`). A success with a message closes the
 * surrounding Disclosure.
 */
export function useActionForm<T = undefined>(
  action: (previous: ActionResult<T>, formData: FormData) => Promise<ActionResult<T>>,
  { initialState = idleActionState, version, refreshOnRefusal = false }: ActionFormOptions<T> = {},
): ActionFormView & {
  state: ActionResult<T>
  formAction: (formData: FormData) => void
  pending: boolean
} {
  const [state, formAction, pending] = useActionState(action, initialState)
  const closeDisclosure = useDisclosureClose()
  const router = useRouter()
  useEffect(() => {
    if (state.ok && state.message) closeDisclosure?.()
    if (refreshOnRefusal && !state.ok && !state.fieldErrors) router.refresh()
  }, [state, closeDisclosure, refreshOnRefusal, router])
  return { state, formAction, pending, ...actionFormView(state, version) }
}
