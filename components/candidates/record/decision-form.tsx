'use client'

import { Button } from '@/components/ui/button'
import { CheckboxField } from '@/components/ui/checkbox-field'
import { FormMessage } from '@/components/ui/form-message'
import { optionsFrom, SelectField } from '@/components/ui/select-field'
import { TextareaField } from '@/components/ui/textarea-field'
import { TextField } from '@/components/ui/text-field'
import { useActionForm } from '@/components/ui/use-action-form'
import type { FormAction } from '@/lib/action-result'
import {
  ABSOLUTE_CONTRAINDICATIONS,
  CHECKLIST_ITEMS,
  DECISION_LABELS,
  RELATIVE_CONTRAINDICATIONS,
} from '@/lib/candidacy/labels'
import { PROCEDURE_LABELS } from '@/lib/procedures/labels'

interface DecisionFormProps {
  action: FormAction
  patientId: string
  /** The patient's version as shown: a decision made from a stale view is refused. */
  patientVersion: number
  /** The last assessment's answers, or what the record shows, to start from. */
  previous: Record<string, unknown> | null
  /** What the record shows that the checklist reads, in plain words. */
  facts: string[]
}

export function DecisionForm({
  action,
  patientId,
  patientVersion,
  previous,
  facts,
}: DecisionFormProps) {
  const form = useActionForm(action, { refreshOnRefusal: true })
  const { state, formAction, pending, errors } = form
  const checked = (name: string) => form.checked(name, previous?.[name] === true)
  const value = (name: string) =>
    form.value(name, previous?.[name] == null ? '' : String(previous[name]))
  const checkboxes = (items: Record<string, string>) =>
    Object.entries(items).map(([name, label]) => (
      <CheckboxField
        key={name}
        name={name}
        id={`decision-${name}`}
        label={label}
        defaultChecked={checked(name)}
      />
    ))
  return (
    <form action={formAction} className="flex flex-col gap-5" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="version" value={patientVersion} />
      <div key={form.fieldsKey} className="flex flex-col gap-5">
        <section
          aria-labelledby="decision-facts"
          className="rounded-lg border border-slate-200 bg-slate-50 p-3 text-sm"
        >
          <h3 id="decision-facts" className="font-semibold">
            From the record
          </h3>
          <ul className="mt-1 list-disc pl-5 text-slate-700">
            {facts.map((fact) => (
              <li key={fact}>{fact}</li>
            ))}
          </ul>
        </section>
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 font-semibold">Criteria</legend>
          {checkboxes(CHECKLIST_ITEMS)}
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <TextField
            name="painNrs"
            id="decision-pain"
            label="Pain score (NRS 0–10)"
            type="number"
            min={0}
            max={10}
            defaultValue={value('painNrs')}
            errors={errors('painNrs')}
          />
          <TextField
            name="odi"
            id="decision-odi"
            label="ODI (0–100)"
            type="number"
            min={0}
            max={100}
            defaultValue={value('odi')}
            errors={errors('odi')}
          />
          <TextField
            name="rmdq"
            id="decision-rmdq"
            label="RMDQ (0–24)"
            type="number"
            min={0}
            max={24}
            defaultValue={value('rmdq')}
            errors={errors('rmdq')}
          />
          <TextField
            name="conservativeCareWeeks"
            id="decision-care-weeks"
            label="Weeks of non-surgical care"
            type="number"
            min={0}
            defaultValue={value('conservativeCareWeeks')}
            errors={errors('conservativeCareWeeks')}
          />
        </div>
        <TextField
          name="conservativeCareKinds"
          id="decision-care-kinds"
          label="Non-surgical care tried"
          hint="For example: analgesics, bracing, physical therapy"
          defaultValue={value('conservativeCareKinds')}
          errors={errors('conservativeCareKinds')}
        />
        <div className="grid gap-4 sm:grid-cols-2">
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1 font-semibold">Absolute contraindications</legend>
            {checkboxes(ABSOLUTE_CONTRAINDICATIONS)}
            <p className="text-sm text-slate-700">
              Also: pain not due to the fracture, which is what leaving &ldquo;
              {CHECKLIST_ITEMS.painDueToFracture}&rdquo; unticked under Criteria records.
            </p>
          </fieldset>
          <fieldset className="flex flex-col gap-2">
            <legend className="mb-1 font-semibold">Relative contraindications</legend>
            {checkboxes(RELATIVE_CONTRAINDICATIONS)}
          </fieldset>
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            name="decision"
            id="decision-decision"
            label="Decision"
            placeholder="Choose…"
            options={optionsFrom(DECISION_LABELS)}
            defaultValue={value('decision')}
            errors={errors('decision')}
          />
          <SelectField
            name="plannedProcedure"
            id="decision-planned-procedure"
            label="Planned procedure"
            placeholder="None"
            options={optionsFrom(PROCEDURE_LABELS)}
            defaultValue={value('plannedProcedure')}
            errors={errors('plannedProcedure')}
          />
        </div>
        <TextareaField
          name="reason"
          id="decision-reason"
          label="Reason"
          defaultValue={value('reason')}
          errors={errors('reason')}
        />
        <TextareaField
          name="justification"
          id="decision-justification"
          label="Justification"
          defaultValue={value('justification')}
          errors={errors('justification')}
        />
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save decision'}
        </Button>
      </div>
    </form>
  )
}
