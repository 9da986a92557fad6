'use client'

import { useActionState, useState } from 'react'
import { Button } from '@/components/ui/button'
import { CheckboxField } from '@/components/ui/checkbox-field'
import { useActionOutcome } from '@/components/ui/disclosure'
import { FormMessage } from '@/components/ui/form-message'
import { optionsFrom, SelectField } from '@/components/ui/select-field'
import { TextareaField } from '@/components/ui/textarea-field'
import { TextField } from '@/components/ui/text-field'
import { idleActionState, type ActionResult, type FormAction } from '@/lib/action-result'
import { DISPOSITION_LABELS, PROCEDURE_LABELS, type ProcedureType } from '@/lib/candidates/labels'
import type { RecordProcedure } from '@/lib/candidates/record'
import type { VertebralLevel } from '@/lib/fractures/labels'
import {
  ADVERSE_EVENT_LABELS,
  ANESTHESIA_LABELS,
  APPROACH_LABELS,
  LEAKAGE_LOCATION_LABELS,
  LEAKAGE_TYPE_LABELS,
  OVERNIGHT_REASON_LABELS,
} from '@/lib/procedures/labels'
import { cptCodes } from '@/lib/procedures/rules'

/** yyyy-mm-ddThh:mm in the browser's time zone, for datetime-local inputs. */
function localDateTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

function useForm(action: FormAction) {
  const [state, formAction, pending] = useActionState(action, idleActionState)
  useActionOutcome(state)
  // Field errors keep what was typed; a lost race shows the refreshed, current record.
  const typed = !state.ok && state.fieldErrors ? state.values : undefined
  const errors = state.ok ? {} : (state.fieldErrors ?? {})
  return { state, formAction, pending, typed, errors }
}

function FormFooter({
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
}

/** Schedule (or reschedule) a procedure: type, time, physician, anesthesia, approach, levels. */
export function ProcedurePlanForm({ action, target, levels, physicians, defaults }: PlanFormProps) {
  const { state, formAction, pending, typed, errors } = useForm(action)
  const procedure = 'procedure' in target ? target.procedure : null
  const prefix = procedure ? `plan-${procedure.id}` : 'plan-new'
  // After a refused submit the boxes start again from the saved plan.
  const chosenLevels = new Set<string>(procedure?.plannedLevels ?? [])
  return (
    <form
      key={`${procedure?.version ?? ''}-${JSON.stringify(typed)}`}
      action={formAction}
      className="flex flex-col gap-4"
      noValidate
    >
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
          defaultValue={typed?.type ?? procedure?.type ?? defaults.type ?? ''}
          errors={errors.type}
        />
        <TextField
          id={`${prefix}-scheduled-at`}
          name="scheduledAt"
          label="Scheduled at"
          type="datetime-local"
          defaultValue={
            typed?.scheduledAt ?? (procedure ? localDateTime(procedure.scheduledAt) : '')
          }
          errors={errors.scheduledAt}
        />
        <SelectField
          id={`${prefix}-physician`}
          name="physicianId"
          label="Physician"
          placeholder="Choose…"
          options={physicians.map((p) => ({ value: p.id, label: p.name }))}
          defaultValue={typed?.physicianId ?? procedure?.physicianId ?? defaults.physicianId}
          errors={errors.physicianId}
        />
        <SelectField
          id={`${prefix}-anesthesia`}
          name="anesthesia"
          label="Anesthesia"
          placeholder="Choose…"
          options={optionsFrom(ANESTHESIA_LABELS)}
          defaultValue={typed?.anesthesia ?? procedure?.anesthesia ?? ''}
          errors={errors.anesthesia}
        />
        <SelectField
          id={`${prefix}-approach`}
          name="approach"
          label="Approach"
          placeholder="Choose…"
          options={optionsFrom(APPROACH_LABELS)}
          defaultValue={typed?.approach ?? procedure?.approach ?? ''}
          errors={errors.approach}
        />
      </div>
      <fieldset
        className="flex flex-col gap-2"
        aria-describedby={errors.plannedLevels ? `${prefix}-levels-error` : undefined}
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
        {errors.plannedLevels ? (
          <p id={`${prefix}-levels-error`} className="text-sm text-red-700">
            {errors.plannedLevels.join(' ')}
          </p>
        ) : null}
      </fieldset>
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
  const { state, formAction, pending, typed, errors } = useForm(action)
  return (
    <form
      key={`${procedure?.version ?? ''}-${JSON.stringify(typed)}`}
      action={formAction}
      className="flex flex-col gap-3"
      noValidate
    >
      <input type="hidden" name="procedureId" value={procedure.id} />
      <input type="hidden" name="version" value={procedure.version} />
      <TextareaField
        id={`cancel-${procedure.id}`}
        name="cancelReason"
        label="Reason for cancelling"
        defaultValue={typed?.cancelReason}
        errors={errors.cancelReason}
      />
      <FormFooter state={state} pending={pending} label="Confirm cancellation" />
    </form>
  )
}

/** Completion (physicians): treated levels, cement, disposition; CPT codes follow the levels. */
export function CompleteProcedureForm({
  action,
  procedure,
}: {
  action: FormAction
  procedure: RecordProcedure
}) {
  const { state, formAction, pending, typed, errors } = useForm(action)
  const [disposition, setDisposition] = useState(typed?.disposition ?? '')
  const [treated, setTreated] = useState<VertebralLevel[]>(procedure.plannedLevels)
  const prefix = `complete-${procedure.id}`
  return (
    <form
      key={`${procedure?.version ?? ''}-${JSON.stringify(typed)}`}
      action={formAction}
      className="flex flex-col gap-4"
      noValidate
    >
      <input type="hidden" name="procedureId" value={procedure.id} />
      <input type="hidden" name="version" value={procedure.version} />
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          id={`${prefix}-performed-at`}
          name="performedAt"
          label="Performed at"
          type="datetime-local"
          defaultValue={typed?.performedAt ?? localDateTime(new Date())}
          errors={errors.performedAt}
        />
        <TextField
          id={`${prefix}-cement`}
          name="cement"
          label="Cement"
          defaultValue={typed?.cement ?? procedure.cement}
          errors={errors.cement}
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
              defaultChecked={typed ? typed[`levels.${level}.treated`] === 'on' : true}
              onChange={(event) =>
                setTreated((current) =>
                  event.target.checked ? [...current, level] : current.filter((l) => l !== level),
                )
              }
            />
            <TextField
              id={`${prefix}-${level}-cement`}
              name={`levels.${level}.cementVolumeMl`}
              label={`Cement (mL) ${level}`}
              type="number"
              step="0.1"
              min={0.5}
              max={15}
              defaultValue={typed?.[`levels.${level}.cementVolumeMl`]}
            />
            <TextField
              id={`${prefix}-${level}-before`}
              name={`levels.${level}.kyphoticAngleBeforeDeg`}
              label={`Angle before (°) ${level}`}
              type="number"
              step="0.1"
              defaultValue={typed?.[`levels.${level}.kyphoticAngleBeforeDeg`]}
            />
            <TextField
              id={`${prefix}-${level}-after`}
              name={`levels.${level}.kyphoticAngleAfterDeg`}
              label={`Angle after (°) ${level}`}
              type="number"
              step="0.1"
              defaultValue={typed?.[`levels.${level}.kyphoticAngleAfterDeg`]}
            />
            <TextField
              id={`${prefix}-${level}-height`}
              name={`levels.${level}.heightRestoredPct`}
              label={`Height restored (%) ${level}`}
              type="number"
              step="0.1"
              defaultValue={typed?.[`levels.${level}.heightRestoredPct`]}
            />
          </div>
        ))}
        {errors.levels ? <p className="text-sm text-red-700">{errors.levels.join(' ')}</p> : null}
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
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          id={`${prefix}-disposition`}
          name="disposition"
          label="Disposition"
          placeholder="Choose…"
          options={optionsFrom(DISPOSITION_LABELS)}
          defaultValue={disposition}
          onChange={(event) => setDisposition(event.target.value)}
          errors={errors.disposition}
        />
        <SelectField
          id={`${prefix}-overnight-reason`}
          name="overnightReason"
          label="Overnight reason"
          placeholder={disposition === 'overnight' ? 'Choose…' : 'Not staying overnight'}
          options={optionsFrom(OVERNIGHT_REASON_LABELS)}
          defaultValue={typed?.overnightReason ?? ''}
          disabled={disposition !== 'overnight'}
          errors={errors.overnightReason}
        />
        <TextField
          id={`${prefix}-discharged-at`}
          name="dischargedAt"
          label="Discharged at"
          type="datetime-local"
          defaultValue={typed?.dischargedAt}
          errors={errors.dischargedAt}
        />
      </div>
      <FormFooter state={state} pending={pending} label="Complete procedure" />
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
  const { state, formAction, pending, typed, errors } = useForm(action)
  const prefix = `adverse-${procedureId}`
  return (
    <form
      key={JSON.stringify(typed)}
      action={formAction}
      className="flex flex-col gap-4"
      noValidate
    >
      <input type="hidden" name="procedureId" value={procedureId} />
      <input type="hidden" name="formKey" value={formKey} />
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          id={`${prefix}-category`}
          name="category"
          label="Adverse event"
          placeholder="Choose…"
          options={optionsFrom(ADVERSE_EVENT_LABELS)}
          defaultValue={typed?.category ?? ''}
          errors={errors.category}
        />
        <SelectField
          id={`${prefix}-leakage-type`}
          name="leakageType"
          label="Leakage type"
          placeholder="Not a leakage"
          options={optionsFrom(LEAKAGE_TYPE_LABELS)}
          defaultValue={typed?.leakageType ?? ''}
          errors={errors.leakageType}
        />
        <SelectField
          id={`${prefix}-leakage-location`}
          name="leakageLocation"
          label="Leakage location"
          placeholder="Not a leakage"
          options={optionsFrom(LEAKAGE_LOCATION_LABELS)}
          defaultValue={typed?.leakageLocation ?? ''}
          errors={errors.leakageLocation}
        />
        <TextField
          id={`${prefix}-detected-on`}
          name="detectedOn"
          label="Detected on"
          type="date"
          max={today}
          defaultValue={typed?.detectedOn ?? today}
          errors={errors.detectedOn}
        />
        <div className="flex items-end">
          <CheckboxField
            id={`${prefix}-symptomatic`}
            name="symptomatic"
            label="Symptomatic"
            defaultChecked={typed?.symptomatic === 'on'}
          />
        </div>
      </div>
      <TextareaField
        id={`${prefix}-note`}
        name="note"
        label="Note"
        defaultValue={typed?.note}
        errors={errors.note}
      />
      <FormFooter state={state} pending={pending} label="Save adverse event" />
    </form>
  )
}
