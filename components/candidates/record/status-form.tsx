'use client'

import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import { SelectField } from '@/components/ui/select-field'
import { TextField } from '@/components/ui/text-field'
import { useActionForm } from '@/components/ui/use-action-form'
import type { FormAction } from '@/lib/action-result'
import { STATUS_LABELS, type PatientStatus } from '@/lib/candidates/labels'

interface StatusFormProps {
  action: FormAction
  patientId: string
  status: PatientStatus
  targets: PatientStatus[]
}

/** Manual moves along the workflow; decisions and procedures move patients through their own forms. */
export function StatusForm({ action, patientId, status, targets }: StatusFormProps) {
  const { state, formAction, pending, fieldsKey, errors, value } = useActionForm(action, {
    refreshOnRefusal: true,
  })
  return (
    <form key={fieldsKey} action={formAction} className="flex flex-wrap items-end gap-3" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="from" value={status} />
      <SelectField
        name="to"
        id="status-to"
        label="Move to"
        placeholder="Choose…"
        options={targets.map((target) => ({ value: target, label: STATUS_LABELS[target] }))}
        defaultValue={value('to', '')}
        errors={errors('to')}
      />
      <TextField
        name="note"
        id="status-note"
        label="Note"
        className="min-w-64 flex-1"
        defaultValue={value('note')}
        errors={errors('note')}
      />
      <Button type="submit" variant="secondary" disabled={pending}>
        Change status
      </Button>
    </form>
  )
}
