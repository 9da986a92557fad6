'use client'

import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import { TextField } from '@/components/ui/text-field'
import { useActionForm } from '@/components/ui/use-action-form'
import type { FormAction } from '@/lib/action-result'
import { MIN_PASSWORD_LENGTH, PASSWORD_HINT } from '@/lib/auth/password-policy'

interface ChangePasswordFormProps {
  action: FormAction
}

/** The member's own password: the forced change and the account page share it. */
export function ChangePasswordForm({ action }: ChangePasswordFormProps) {
  // Passwords are never sent back: the fields start empty after every submit.
  const { state, formAction, pending, errors } = useActionForm(action)
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <TextField
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        errors={errors('currentPassword')}
      />
      <TextField
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD_LENGTH}
        hint={PASSWORD_HINT}
        errors={errors('newPassword')}
      />
      <TextField
        name="confirmPassword"
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        required
        errors={errors('confirmPassword')}
      />
      <Button type="submit" disabled={pending}>
        {pending ? 'Saving…' : 'Change password'}
      </Button>
    </form>
  )
}
