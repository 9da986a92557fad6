'use client'

import { useState } from 'react'
import type { ActionFormView } from '@/components/ui/action-form'
import { optionsFrom, SelectField } from '@/components/ui/select-field'
import { TextField } from '@/components/ui/text-field'
import { DISPOSITION_LABELS, OVERNIGHT_REASON_LABELS } from '@/lib/procedures/labels'

/** How the patient left: disposition, overnight reason (overnight only) and discharge time. */
export function DispositionFields({
  prefix,
  form,
  saved,
}: {
  prefix: string
  form: Pick<ActionFormView, 'value' | 'errors'>
  /** What is recorded now (empty at completion); the discharge as a datetime-local value. */
  saved: { disposition: string; overnightReason: string; dischargedAt: string }
}) {
  const [disposition, setDisposition] = useState(form.value('disposition', saved.disposition))
  return (
    <div className="grid gap-4 sm:grid-cols-3">
      <SelectField
        id={`${prefix}-disposition`}
        name="disposition"
        label="Disposition"
        placeholder="Choose…"
        options={optionsFrom(DISPOSITION_LABELS)}
        defaultValue={disposition}
        onChange={(event) => setDisposition(event.target.value)}
        errors={form.errors('disposition')}
      />
      <SelectField
        id={`${prefix}-overnight-reason`}
        name="overnightReason"
        label="Overnight reason"
        placeholder={disposition === 'overnight' ? 'Choose…' : 'Not staying overnight'}
        options={optionsFrom(OVERNIGHT_REASON_LABELS)}
        defaultValue={form.value('overnightReason', saved.overnightReason)}
        disabled={disposition !== 'overnight'}
        errors={form.errors('overnightReason')}
      />
      <TextField
        id={`${prefix}-discharged-at`}
        name="dischargedAt"
        label="Discharged at"
        type="datetime-local"
        defaultValue={form.value('dischargedAt', saved.dischargedAt)}
        errors={form.errors('dischargedAt')}
      />
    </div>
  )
}
