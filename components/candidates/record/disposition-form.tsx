'use client'

import { useActionForm } from '@/components/ui/use-action-form'
import type { FormAction } from '@/lib/action-result'
import type { RecordProcedure } from '@/lib/candidates/record-model'
import { toDateTimeInput } from '@/lib/clinic-time'
import { DispositionFields } from './disposition-fields'
import { FormFooter } from './procedure-forms'

/** Disposition and discharge after completion: recorded or corrected (coordinators, physicians). */
export function DispositionForm({
  action,
  procedure,
  timeZone,
}: {
  action: FormAction
  procedure: RecordProcedure
  /** The clinic's zone: the discharge time is typed and shown in it. */
  timeZone: string
}) {
  const form = useActionForm(action, { version: procedure.version, refreshOnRefusal: true })
  return (
    <form key={form.fieldsKey} action={form.formAction} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="procedureId" value={procedure.id} />
      <input type="hidden" name="version" value={procedure.version} />
      <DispositionFields
        prefix={`disposition-${procedure.id}`}
        form={form}
        saved={{
          disposition: procedure.disposition ?? '',
          overnightReason: procedure.overnightReason ?? '',
          dischargedAt: procedure.dischargedAt
            ? toDateTimeInput(procedure.dischargedAt, timeZone)
            : '',
        }}
      />
      <FormFooter state={form.state} pending={form.pending} label="Save disposition" />
    </form>
  )
}
