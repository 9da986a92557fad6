'use client'

import { Fragment } from 'react'
import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import { TextField } from '@/components/ui/text-field'
import { useActionForm } from '@/components/ui/use-action-form'
import type { FormAction } from '@/lib/action-result'

interface LoginFormProps {
  action: FormAction
  callbackUrl: string | null
  initialMessage: string | null
}

export function LoginForm({ action, callbackUrl, initialMessage }: LoginFormProps) {
  const { state, formAction, pending, fieldsKey, errors, value } = useActionForm(action, {
    initialState: initialMessage ? { ok: false, message: initialMessage } : undefined,
  })
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      {callbackUrl ? <input type="hidden" name="callbackUrl" value={callbackUrl} /> : null}
      {/* Only the fields remount: the button keeps the focus. */}
      <Fragment key={fieldsKey}>
        <TextField
          name="email"
          label="Email"
          type="email"
          autoComplete="username"
          required
          defaultValue={value('email', '')}
          errors={errors('email')}
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          required
          errors={errors('password')}
        />
      </Fragment>
      <Button type="submit" disabled={pending}>
        {pending ? 'Signing in…' : 'Sign in'}
      </Button>
    </form>
  )
}
