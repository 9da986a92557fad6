'use client'

import { useState } from 'react'
import { CheckboxField } from '@/components/ui/checkbox-field'
import { TextField } from '@/components/ui/text-field'
import { useActionForm } from '@/components/ui/use-action-form'
import type { RecordProcedure } from '@/lib/candidates/record-model'
import type { VertebralLevel } from '@/lib/fractures/labels'
import type { FormAction } from '@/lib/action-result'
import { cptCodes } from '@/lib/procedures/rules'
import { toDateTimeInput } from '@/lib/clinic-time'
import { DispositionFields } from './disposition-fields'
import { TreatedLevelFields } from './treated-level-fields'
import { FormFooter } from './procedure-forms'

/** Completion (physicians): treated levels, cement, disposition; CPT codes follow the levels. */
export function CompleteProcedureForm({
  action,
  procedure,
  timeZone,
}: {
  action: FormAction
  procedure: RecordProcedure
  /** The clinic's zone: the time is typed and shown in it. */
  timeZone: string
}) {
  const { state, formAction, pending, fieldsKey, errors, value, checked } = useActionForm(action, {
    version: procedure.version,
    refreshOnRefusal: true,
  })
  const [treated, setTreated] = useState<VertebralLevel[]>(procedure.plannedLevels)
  const prefix = `complete-${procedure.id}`
  const levelErrors = errors('levels')
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
          defaultValue={value(
            'performedAt',
            toDateTimeInput(performedAtStart(procedure), timeZone),
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
        {procedure.plannedLevels.map((level) => (
          <div key={level} className="grid items-end gap-3 sm:grid-cols-5">
            <CheckboxField
              id={`${prefix}-${level}-treated`}
              name={`levels.${level}.treated`}
              label={`Treated ${level}`}
              defaultChecked={checked(`levels.${level}.treated`, true)}
              onChange={(event) =>
                setTreated((current) =>
                  event.target.checked ? [...current, level] : current.filter((l) => l !== level),
                )
              }
            />
            <TreatedLevelFields prefix={prefix} level={level} value={value} />
          </div>
        ))}
        {levelErrors ? <p className="text-sm text-red-700">{levelErrors.join(' ')}</p> : null}
      </fieldset>
      <p className="text-sm text-slate-700">
        CPT:{' '}
        {cptCodes(
          procedure.type,
          procedure.plannedLevels.filter((level) => treated.includes(level)),
        )
          .map((line) => (line.units > 1 ? `${line.code} × ${line.units}` : line.code))
          .join(', ') || '—'}
      </p>
      <DispositionFields
        prefix={prefix}
        form={{ value, errors }}
        saved={{ disposition: '', overnightReason: '', dischargedAt: '' }}
      />
      <FormFooter state={state} pending={pending} label="Complete procedure" />
    </form>
  )
}

/** A booking whose time has passed starts from that time (it was done then, as a rule); else now. */
function performedAtStart(procedure: RecordProcedure): Date {
  const now = new Date()
  return procedure.scheduledAt < now ? procedure.scheduledAt : now
}
