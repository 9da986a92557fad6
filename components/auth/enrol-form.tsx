'use client'

import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import { TextField } from '@/components/ui/text-field'
import { useActionForm } from '@/components/ui/use-action-form'
import type { FormAction } from '@/lib/action-result'
import { MIN_PASSWORD_LENGTH, PASSWORD_HINT } from '@/lib/auth/password-policy'

interface EnrolFormProps {
  action: FormAction
  token: string
}

/** A new member's first password, set with their enrolment link. */
export function EnrolForm({ action, token }: EnrolFormProps) {
  // Passwords are never sent back: the fields start empty after every submit.
  const { state, formAction, pending, errors } = useActionForm(action)
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="token" value={token} />
      <TextField
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        minLength={MIN_PASSWORD_LENGTH}
        hint={PASSWORD_HINT}
        errors={errors('newPassword') ?? errors('token')}
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
        {pending ? 'Saving…' : 'Set password'}
      </Button>
    </form>
  )
}
