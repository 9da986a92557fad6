'use client'

import { Button } from '@/components/ui/button'
import { CheckboxField } from '@/components/ui/checkbox-field'
import { FormMessage } from '@/components/ui/form-message'
import { optionsFrom, SelectField } from '@/components/ui/select-field'
import { TextField } from '@/components/ui/text-field'
import { useActionForm } from '@/components/ui/use-action-form'
import type { FormAction } from '@/lib/action-result'
import type { RecordFracture } from '@/lib/candidates/record-model'
import { MORPHOLOGY_LABELS, TRI_STATE_LABELS, type VertebralLevel } from '@/lib/fractures/labels'

interface FractureFormProps {
  action: FormAction
  patientId: string
  /** The fracture being edited; absent when adding one. */
  fracture?: RecordFracture
  /** The levels a fracture can be recorded at, top to bottom. */
  levels: readonly VertebralLevel[]
  today: string
}

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value))

export function FractureForm({ action, patientId, fracture, levels, today }: FractureFormProps) {
  const form = useActionForm(action, { version: fracture?.version, refreshOnRefusal: true })
  const { state, formAction, pending, errors } = form
  const value = (field: keyof RecordFracture) => form.value(field, text(fracture?.[field]))
  const checked = (field: 'posteriorWallInvolved' | 'retropulsion') =>
    form.checked(field, Boolean(fracture?.[field]))
  // Ids stay unique when several fracture forms are on the page.
  const prefix = fracture ? `fracture-${fracture.id}` : 'fracture-new'
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="patientId" value={patientId} />
      {fracture ? (
        <>
          <input type="hidden" name="fractureId" value={fracture.id} />
          <input type="hidden" name="version" value={fracture.version} />
        </>
      ) : null}
      <div key={form.fieldsKey} className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <SelectField
          id={`${prefix}-level`}
          name="level"
          label="Level"
          placeholder="Choose…"
          options={levels.map((level) => ({ value: level, label: level }))}
          defaultValue={value('level')}
          errors={errors('level')}
        />
        <TextField
          id={`${prefix}-height-loss`}
          name="heightLossPct"
          label="Height loss (%)"
          type="number"
          inputMode="decimal"
          min={0}
          max={100}
          step="0.1"
          required
          defaultValue={value('heightLossPct')}
          errors={errors('heightLossPct')}
        />
        <SelectField
          id={`${prefix}-mri-edema`}
          name="mriEdema"
          label="MRI edema"
          options={optionsFrom(TRI_STATE_LABELS)}
          defaultValue={value('mriEdema') || 'unknown'}
          errors={errors('mriEdema')}
        />
        <TextField
          id={`${prefix}-kyphotic-angle`}
          name="kyphoticAngleDeg"
          label="Kyphotic angle (°)"
          type="number"
          inputMode="decimal"
          min={0}
          max={90}
          step="0.1"
          defaultValue={value('kyphoticAngleDeg')}
          errors={errors('kyphoticAngleDeg')}
        />
        <TextField
          id={`${prefix}-diagnosed-on`}
          name="diagnosedOn"
          label="Diagnosed on"
          type="date"
          max={today}
          defaultValue={value('diagnosedOn')}
          errors={errors('diagnosedOn')}
        />
        <SelectField
          id={`${prefix}-morphology`}
          name="morphology"
          label="Morphology"
          placeholder="Not recorded"
          options={optionsFrom(MORPHOLOGY_LABELS)}
          defaultValue={value('morphology')}
          errors={errors('morphology')}
        />
        <TextField
          id={`${prefix}-age-weeks`}
          name="fractureAgeWeeks"
          label="Fracture age (weeks)"
          type="number"
          min={0}
          max={520}
          defaultValue={value('fractureAgeWeeks')}
          errors={errors('fractureAgeWeeks')}
        />
        <div className="flex flex-col justify-end gap-2">
          <CheckboxField
            id={`${prefix}-posterior-wall`}
            name="posteriorWallInvolved"
            label="Posterior-wall involvement"
            defaultChecked={checked('posteriorWallInvolved')}
          />
          <CheckboxField
            id={`${prefix}-retropulsion`}
            name="retropulsion"
            label="Retropulsion"
            defaultChecked={checked('retropulsion')}
          />
        </div>
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save fracture'}
        </Button>
      </div>
    </form>
  )
}
