'use client'

import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import { useActionForm } from '@/components/ui/use-action-form'
import type { FormAction } from '@/lib/action-result'

interface TwoFactorSetupButtonProps {
  action: FormAction
  label: string
  variant?: 'primary' | 'secondary'
}

/** "Set up two-factor sign-in" and "Start over with a new key": one button, a new key to scan. */
export function TwoFactorSetupButton({ action, label, variant }: TwoFactorSetupButtonProps) {
  const { state, formAction, pending } = useActionForm(action)
  return (
    <form action={formAction} className="flex flex-col gap-2">
      <FormMessage state={state} />
      <Button type="submit" variant={variant} disabled={pending} className="w-fit">
        {label}
      </Button>
    </form>
  )
}
