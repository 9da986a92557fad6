'use client'

import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import { TextField } from '@/components/ui/text-field'
import { useActionForm } from '@/components/ui/use-action-form'
import type { FormAction } from '@/lib/action-result'
import { toDateTimeInput } from '@/lib/clinic-time'
import type { WorklistEntry } from '@/lib/overview/worklists'

/** "Discharged": records an overnight stay's discharge at the time asked (now by default). */
export function DischargeForm({
  action,
  stay,
  patient,
  timeZone,
}: {
  action: FormAction
  stay: NonNullable<WorklistEntry['stay']>
  patient: string
  /** The clinic's zone: the time is typed and shown in it. */
  timeZone: string
}) {
  const form = useActionForm(action, { version: stay.version, refreshOnRefusal: true })
  const id = `discharge-${stay.procedureId}`
  return (
    <form
      key={form.fieldsKey}
      action={form.formAction}
      aria-label={`Discharge ${patient}`}
      className="flex w-full flex-wrap items-end gap-2"
      noValidate
    >
      <input type="hidden" name="procedureId" value={stay.procedureId} />
      <input type="hidden" name="version" value={stay.version} />
      <input type="hidden" name="disposition" value="overnight" />
      <input type="hidden" name="overnightReason" value={stay.overnightReason ?? ''} />
      <TextField
        id={id}
        name="dischargedAt"
        label="Discharged at"
        type="datetime-local"
        defaultValue={form.value('dischargedAt', toDateTimeInput(new Date(), timeZone))}
        errors={form.errors('dischargedAt') ?? form.errors('overnightReason')}
      />
      <Button type="submit" disabled={form.pending}>
        {form.pending ? 'Saving…' : 'Discharged'}
      </Button>
      <FormMessage state={form.state} />
    </form>
  )
}
