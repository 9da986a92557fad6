'use client'

import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import { TextField } from '@/components/ui/text-field'
import { idleActionState, type ActionResult } from '@/lib/action-result'

interface LoginFormProps {
  action: (previous: ActionResult, formData: FormData) => Promise<ActionResult>
  callbackUrl: string | null
  initialMessage: string | null
}

export function LoginForm({ action, callbackUrl, initialMessage }: LoginFormProps) {
  const [state, formAction, pending] = useActionState(
    action,
    initialMessage ? ({ ok: false, message: initialMessage } as ActionResult) : idleActionState,
  )
  const fieldErrors = state.ok ? undefined : state.fieldErrors
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      <TextField
        name="email"
        label="Email"
        type="email"
        autoComplete="username"
        required
        defaultValue={state.ok ? '' : (state.values?.email ?? '')}
        errors={fieldErrors?.email}
      />
      <TextField
        name="password"
        label="Password"
        type="password"
        autoComplete="current-password"
        required
        errors={fieldErrors?.password}
      />
      <Button type="submit" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  )
}
