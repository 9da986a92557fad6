'use client'

import { Button } from '@/components/ui/button'
import { CheckboxField } from '@/components/ui/checkbox-field'
import { FormMessage } from '@/components/ui/form-message'
import { optionsFrom, SelectField } from '@/components/ui/select-field'
import { TextareaField } from '@/components/ui/textarea-field'
import { TextField } from '@/components/ui/text-field'
import { useActionForm } from '@/components/ui/use-action-form'
import type { ActionResult, FormAction } from '@/lib/action-result'
import { toDateTimeInput } from '@/lib/clinic-time'
import type { RecordProcedure } from '@/lib/candidates/record-model'
import type { VertebralLevel } from '@/lib/fractures/labels'
import {
  ADVERSE_EVENT_LABELS,
  ANESTHESIA_LABELS,
  APPROACH_LABELS,
  LEAKAGE_LOCATION_LABELS,
  LEAKAGE_TYPE_LABELS,
  PROCEDURE_LABELS,
  type ProcedureType,
} from '@/lib/procedures/labels'
import { DEFAULT_BOOKING_MINUTES } from '@/lib/procedures/rules'

/** The result's message and the submit button, under every procedure form. */
export function FormFooter({
  state,
  label,
  pending,
}: {
  state: ActionResult
  label: string
  pending: boolean
}) {
  return (
    <div className="flex flex-col gap-2">
      <FormMessage state={state} />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : label}
        </Button>
      </div>
    </div>
  )
}

interface PlanFormProps {
  action: FormAction
  /** New procedure: the patient and its version; reschedule: the procedure. */
  target: { patientId: string; patientVersion: number } | { procedure: RecordProcedure }
  levels: VertebralLevel[]
  physicians: { id: string; name: string }[]
  defaults: { type: ProcedureType | null; physicianId: string }
  /** The clinic's zone: the time is typed and shown in it. */
  timeZone: string
}

/** Schedule (or reschedule) a procedure: type, time, physician, anesthesia, approach, levels. */
export function ProcedurePlanForm({
  action,
  target,
  levels,
  physicians,
  defaults,
  timeZone,
}: PlanFormProps) {
  const procedure = 'procedure' in target ? target.procedure : null
  const { state, formAction, pending, fieldsKey, errors, value } = useActionForm(action, {
    version: procedure?.version,
    refreshOnRefusal: true,
  })
  const prefix = procedure ? `plan-${procedure.id}` : 'plan-new'
  // After a refused submit the boxes start again from the saved plan.
  const chosenLevels = new Set<string>(procedure?.plannedLevels ?? [])
  const levelErrors = errors('plannedLevels')
  const doubleBookErrors = errors('doubleBook')
  return (
    <form key={fieldsKey} action={formAction} className="flex flex-col gap-4" noValidate>
      {procedure ? (
        <>
          <input type="hidden" name="procedureId" value={procedure.id} />
          <input type="hidden" name="version" value={procedure.version} />
        </>
      ) : 'patientId' in target ? (
        <>
          <input type="hidden" name="patientId" value={target.patientId} />
          <input type="hidden" name="version" value={target.patientVersion} />
        </>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        <SelectField
          id={`${prefix}-type`}
          name="type"
          label="Procedure type"
          placeholder="Choose…"
          options={optionsFrom(PROCEDURE_LABELS)}
          defaultValue={value('type', procedure?.type ?? defaults.type ?? '')}
          errors={errors('type')}
        />
        <TextField
          id={`${prefix}-scheduled-at`}
          name="scheduledAt"
          label="Scheduled at"
          type="datetime-local"
          defaultValue={value(
            'scheduledAt',
            procedure ? toDateTimeInput(procedure.scheduledAt, timeZone) : '',
          )}
          errors={errors('scheduledAt')}
        />
        <TextField
          id={`${prefix}-duration`}
          name="durationMinutes"
          label="Duration (minutes)"
          type="number"
          inputMode="numeric"
          step={15}
          defaultValue={value(
            'durationMinutes',
            String(procedure?.durationMinutes ?? DEFAULT_BOOKING_MINUTES),
          )}
          errors={errors('durationMinutes')}
        />
        <SelectField
          id={`${prefix}-physician`}
          name="physicianId"
          label="Physician"
          placeholder="Choose…"
          options={physicians.map((p) => ({ value: p.id, label: p.name }))}
          defaultValue={value('physicianId', procedure?.physicianId ?? defaults.physicianId)}
          errors={errors('physicianId')}
        />
        <SelectField
          id={`${prefix}-anesthesia`}
          name="anesthesia"
          label="Anesthesia"
          placeholder="Choose…"
          options={optionsFrom(ANESTHESIA_LABELS)}
          defaultValue={value('anesthesia', procedure?.anesthesia ?? '')}
          errors={errors('anesthesia')}
        />
        <SelectField
          id={`${prefix}-approach`}
          name="approach"
          label="Approach"
          placeholder="Choose…"
          options={optionsFrom(APPROACH_LABELS)}
          defaultValue={value('approach', procedure?.approach ?? '')}
          errors={errors('approach')}
        />
      </div>
      <fieldset
        className="flex flex-col gap-2"
        aria-describedby={levelErrors ? `${prefix}-levels-error` : undefined}
      >
        <legend className="text-sm font-medium text-slate-800">Levels</legend>
        <div className="flex flex-wrap gap-4">
          {levels.map((level) => (
            <CheckboxField
              key={level}
              id={`${prefix}-level-${level}`}
              name="plannedLevels"
              value={level}
              label={level}
              defaultChecked={chosenLevels.has(level) || (!procedure && levels.length === 1)}
            />
          ))}
        </div>
        {levelErrors ? (
          <p id={`${prefix}-levels-error`} className="text-sm text-red-700">
            {levelErrors.join(' ')}
          </p>
        ) : null}
      </fieldset>
      {procedure ? null : (
        <CheckboxField
          id={`${prefix}-already-performed`}
          name="alreadyPerformed"
          label="Already performed: record a procedure done before it was booked (its time has passed; the physician completes it next)"
          defaultChecked={value('alreadyPerformed', '') === 'on'}
        />
      )}
      {doubleBookErrors || value('doubleBook', '') === 'on' ? (
        // Offered once the physician is found booked at this time.
        <div className="flex flex-col gap-1 rounded-md border border-amber-300 bg-amber-50 p-3">
          <CheckboxField
            id={`${prefix}-double-book`}
            name="doubleBook"
            label="Double-book: the physician agrees to overlap their other booking"
            defaultChecked={value('doubleBook', '') === 'on'}
            aria-describedby={doubleBookErrors ? `${prefix}-double-book-error` : undefined}
          />
          {doubleBookErrors ? (
            <p id={`${prefix}-double-book-error`} className="text-sm text-amber-900">
              {doubleBookErrors.join(' ')}
            </p>
          ) : null}
        </div>
      ) : null}
      <FormFooter state={state} pending={pending} label="Save procedure" />
    </form>
  )
}

export function CancelProcedureForm({
  action,
  procedure,
}: {
  action: FormAction
  procedure: RecordProcedure
}) {
  const { state, formAction, pending, fieldsKey, errors, value } = useActionForm(action, {
    version: procedure.version,
    refreshOnRefusal: true,
  })
  return (
    <form key={fieldsKey} action={formAction} className="flex flex-col gap-3" noValidate>
      <input type="hidden" name="procedureId" value={procedure.id} />
      <input type="hidden" name="version" value={procedure.version} />
      <TextareaField
        id={`cancel-${procedure.id}`}
        name="cancelReason"
        label="Reason for cancelling"
        defaultValue={value('cancelReason')}
        errors={errors('cancelReason')}
      />
      <FormFooter state={state} pending={pending} label="Confirm cancellation" />
    </form>
  )
}

export function AdverseEventForm({
  action,
  procedureId,
  today,
  formKey,
}: {
  action: FormAction
  procedureId: string
  today: string
  /** Made by the server for this render: a double post records one event. */
  formKey: string
}) {
  const { state, formAction, pending, fieldsKey, errors, value, checked } = useActionForm(action, {
    refreshOnRefusal: true,
  })
  const prefix = `adverse-${procedureId}`
  return (
    <form key={fieldsKey} action={formAction} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="procedureId" value={procedureId} />
      <input type="hidden" name="formKey" value={formKey} />
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          id={`${prefix}-category`}
          name="category"
          label="Adverse event"
          placeholder="Choose…"
          options={optionsFrom(ADVERSE_EVENT_LABELS)}
          defaultValue={value('category', '')}
          errors={errors('category')}
        />
        <SelectField
          id={`${prefix}-leakage-type`}
          name="leakageType"
          label="Leakage type"
          placeholder="Not a leakage"
          options={optionsFrom(LEAKAGE_TYPE_LABELS)}
          defaultValue={value('leakageType', '')}
          errors={errors('leakageType')}
        />
        <SelectField
          id={`${prefix}-leakage-location`}
          name="leakageLocation"
          label="Leakage location"
          placeholder="Not a leakage"
          options={optionsFrom(LEAKAGE_LOCATION_LABELS)}
          defaultValue={value('leakageLocation', '')}
          errors={errors('leakageLocation')}
        />
        <TextField
          id={`${prefix}-detected-on`}
          name="detectedOn"
          label="Detected on"
          type="date"
          max={today}
          defaultValue={value('detectedOn', today)}
          errors={errors('detectedOn')}
        />
        <div className="flex items-end">
          <CheckboxField
            id={`${prefix}-symptomatic`}
            name="symptomatic"
            label="Symptomatic"
            defaultChecked={checked('symptomatic', false)}
          />
        </div>
      </div>
      <TextareaField
        id={`${prefix}-note`}
        name="note"
        label="Note"
        defaultValue={value('note')}
        errors={errors('note')}
      />
      <FormFooter state={state} pending={pending} label="Save adverse event" />
    </form>
  )
}
