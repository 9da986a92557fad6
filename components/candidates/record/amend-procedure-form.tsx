'use client'

import { TextareaField } from '@/components/ui/textarea-field'
import { TextField } from '@/components/ui/text-field'
import { useActionForm } from '@/components/ui/use-action-form'
import type { FormAction } from '@/lib/action-result'
import type { RecordProcedure } from '@/lib/candidates/record-model'
import { toDateTimeInput } from '@/lib/clinic-time'
import { FormFooter } from './procedure-forms'
import { TreatedLevelFields } from './treated-level-fields'

/** A physician corrects a completed procedure's details, with the reason (kept with the change). */
export function AmendProcedureForm({
  action,
  procedure,
  timeZone,
}: {
  action: FormAction
  procedure: RecordProcedure
  /** The clinic's zone: the time is typed and shown in it. */
  timeZone: string
}) {
  const { state, formAction, pending, fieldsKey, errors, value } = useActionForm(action, {
    version: procedure.version,
    refreshOnRefusal: true,
  })
  const prefix = `amend-${procedure.id}`
  return (
    <form key={fieldsKey} action={formAction} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="procedureId" value={procedure.id} />
      <input type="hidden" name="version" value={procedure.version} />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          id={`${prefix}-performed-at`}
          name="performedAt"
          label="Performed at"
          type="datetime-local"
          hint="The time only: the day performed stays."
          defaultValue={value(
            'performedAt',
            procedure.performedAt ? toDateTimeInput(procedure.performedAt, timeZone) : '',
          )}
          errors={errors('performedAt')}
        />
        <TextField
          id={`${prefix}-cement`}
          name="cement"
          label="Cement"
          defaultValue={value('cement', procedure.cement)}
          errors={errors('cement')}
        />
      </div>
      <fieldset className="flex flex-col gap-3">
        <legend className="text-sm font-medium text-slate-800">Treated levels</legend>
        {procedure.treatedLevels.map((level) => (
          <div key={level.level} className="grid items-end gap-3 sm:grid-cols-4">
            <input type="hidden" name={`levels.${level.level}.treated`} value="on" />
            <TreatedLevelFields prefix={prefix} level={level.level} value={value} saved={level} />
          </div>
        ))}
        {errors('levels') ? (
          <p className="text-sm text-red-700">{errors('levels')!.join(' ')}</p>
        ) : null}
      </fieldset>
      <TextareaField
        id={`${prefix}-reason`}
        name="reason"
        label="Reason for the amendment"
        rows={2}
        defaultValue={value('reason')}
        errors={errors('reason')}
      />
      <FormFooter state={state} pending={pending} label="Save amendment" />
    </form>
  )
}
