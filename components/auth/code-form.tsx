'use client'

import Link from 'next/link'
import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import { TextField } from '@/components/ui/text-field'
import { useActionForm } from '@/components/ui/use-action-form'
import type { ActionResult } from '@/lib/action-result'

/** What a code form's action may hand back: new recovery codes, to be shown once. */
interface RecoveryCodesShown {
  recoveryCodes: string[]
}

interface CodeFormProps<Shown extends RecoveryCodesShown> {
  action: (previous: ActionResult<Shown>, formData: FormData) => Promise<ActionResult<Shown>>
  submitLabel: string
  pendingLabel: string
  hint: string
  /** Carried along unchanged (the sign-in's callbackUrl). */
  hidden?: Record<string, string>
  /** Asks for the current password too (turning two-factor off). */
  withPassword?: boolean
}

/**
 * The "Authentication code" form: the sign-in's second step, the setup's confirmation, new
 * recovery codes and turning two-factor off. Recovery codes that come back replace the form.
 */
export function CodeForm<Shown extends RecoveryCodesShown = never>({
  action,
  submitLabel,
  pendingLabel,
  hint,
  hidden = {},
  withPassword = false,
}: CodeFormProps<Shown>) {
  // Codes and passwords are never sent back: the fields start empty after every submit.
  const { state, formAction, pending, errors } = useActionForm(action)
  if (state.ok && state.data?.recoveryCodes) {
    return <RecoveryCodes codes={state.data.recoveryCodes} message={state.message} />
  }
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {withPassword ? (
        <TextField
          name="currentPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          errors={errors('currentPassword')}
        />
      ) : null}
      <TextField
        name="code"
        label="Authentication code"
        autoComplete="one-time-code"
        spellCheck={false}
        required
        hint={hint}
        errors={errors('code')}
      />
      <Button type="submit" disabled={pending}>
        {pending ? pendingLabel : submitLabel}
      </Button>
    </form>
  )
}

function RecoveryCodes({ codes, message }: { codes: string[]; message: string | undefined }) {
  return (
    <section aria-labelledby="recovery-codes-heading" className="flex flex-col gap-3">
      {message ? (
        <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
          {message}
        </p>
      ) : null}
      <h2 id="recovery-codes-heading" className="text-lg font-semibold">
        Your recovery codes
      </h2>
      <p className="text-sm text-slate-700">
        Save them somewhere safe now (a password manager, or printed): they are shown only once.
        Each works once, in place of a code from your app, if you lose your phone.
      </p>
      <ol
        aria-label="Recovery codes"
        className="grid grid-cols-2 gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 font-mono text-sm"
      >
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <Link href="/account/two-factor" className="text-sm text-brand-700 underline">
        I have saved my recovery codes
      </Link>
    </section>
  )
}
