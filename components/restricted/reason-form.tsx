'use client'

import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import { SelectField } from '@/components/ui/select-field'
import { TextareaField } from '@/components/ui/textarea-field'
import { useActionForm } from '@/components/ui/use-action-form'
import type { FormAction } from '@/lib/action-result'

interface ReasonFormProps {
  action: FormAction
  /** Hidden fields naming what the form acts on (ids only). */
  hidden: Record<string, string>
  idPrefix: string
  reasonLabel: string
  submitLabel: string
  /** Members to choose from, for a grant. */
  members?: { id: string; name: string }[]
  hint?: string
}

/** A form whose one free-text field is the written reason an access decision needs. */
export function ReasonForm({
  action,
  hidden,
  idPrefix,
  reasonLabel,
  submitLabel,
  members,
  hint,
}: ReasonFormProps) {
  const { state, formAction, pending, fieldsKey, errors, value } = useActionForm(action, {
    refreshOnRefusal: true,
  })
  return (
    <form key={fieldsKey} action={formAction} className="flex flex-col gap-3" noValidate>
      <FormMessage state={state} />
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {members ? (
        <SelectField
          name="staffId"
          id={`${idPrefix}-member`}
          label="Staff member"
          placeholder="Choose…"
          options={members.map((member) => ({ value: member.id, label: member.name }))}
          defaultValue={value('staffId', '')}
          errors={errors('staffId')}
        />
      ) : null}
      {hint ? <p className="text-sm text-slate-700">{hint}</p> : null}
      <TextareaField
        name="reason"
        id={`${idPrefix}-reason`}
        label={reasonLabel}
        rows={3}
        defaultValue={value('reason')}
        errors={errors('reason')}
      />
      <div>
        <Button type="submit" disabled={pending}>
          {submitLabel}
        </Button>
      </div>
    </form>
  )
}

interface ActionButtonProps {
  action: FormAction
  hidden: Record<string, string>
  label: string
  /** The accessible name, when the visible label alone is ambiguous in a list. */
  ariaLabel?: string
}

/** A one-button form (revoke, mark reviewed). */
export function ActionButton({ action, hidden, label, ariaLabel }: ActionButtonProps) {
  const { state, formAction, pending } = useActionForm(action, { refreshOnRefusal: true })
  return (
    <form action={formAction} className="flex items-center gap-2">
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button type="submit" variant="secondary" disabled={pending} aria-label={ariaLabel}>
        {label}
      </Button>
      <FormMessage state={state} />
    </form>
  )
}
