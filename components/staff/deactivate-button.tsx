'use client'

import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import { idleActionState, type ActionResult } from '@/lib/action-result'

interface DeactivateButtonProps {
  staffId: string
  staffName: string
  action: (previous: ActionResult, formData: FormData) => Promise<ActionResult>
}

export function DeactivateButton({ staffId, staffName, action }: DeactivateButtonProps) {
  const [state, formAction, pending] = useActionState(action, idleActionState)
  return (
    <form action={formAction} className="flex items-center gap-2">
      <input type="hidden" name="staffId" value={staffId} />
      <Button
        type="submit"
        variant="secondary"
        disabled={pending}
        aria-label={`Deactivate ${staffName}`}
      >
        Deactivate
      </Button>
      {!state.ok ? (
        <span role="alert" className="text-sm text-red-700">
          {state.message}
        </span>
      ) : null}
    </form>
  )
}
