'use client'

import { useState } from 'react'
import { Button } from '@/components/ui/button'
import { CheckboxField } from '@/components/ui/checkbox-field'
import { Disclosure } from '@/components/ui/disclosure'
import { FormMessage } from '@/components/ui/form-message'
import { optionsFrom, SelectField } from '@/components/ui/select-field'
import { TextareaField } from '@/components/ui/textarea-field'
import { TextField } from '@/components/ui/text-field'
import { UrgencyChip } from '@/components/ui/status-chip'
import { useActionForm } from '@/components/ui/use-action-form'
import type { FormAction } from '@/lib/action-result'
import type { RecordFollowUp } from '@/lib/candidates/record-model'
import { ANALGESIC_LABELS, MOBILITY_LABELS, TIMEPOINT_LABELS } from '@/lib/follow-ups/labels'
import type { FollowUpState } from '@/lib/follow-ups/rules'
import { formatDate } from '@/lib/clinic-time'

const STATE_LABELS: Record<FollowUpState, string> = {
  completed: 'Done',
  missed: 'Missed',
  overdue: 'Overdue',
  due: 'Due',
  upcoming: 'Upcoming',
}

interface FollowUpSectionProps {
  /** With each one's state on `today`, worked out on the server (date-fns stays there). */
  followUps: (RecordFollowUp & { state: FollowUpState })[]
  today: string
  action: FormAction
  /** The scores given at the candidacy decision: the baseline assessment starts from them. */
  decisionScores: BaselineScores
}

/** NRS, ODI and RMDQ as form values ('' when not given). */
export type BaselineScores = Record<'painNrs' | 'odi' | 'rmdq', string>

export function FollowUpSection({
  followUps,
  today,
  action,
  decisionScores,
}: FollowUpSectionProps) {
  if (followUps.length === 0) {
    return (
      <p className="text-sm text-slate-600">
        The follow-up schedule starts when a procedure is completed.
      </p>
    )
  }
  // Recordable: not done, and today falls within its window.
  const open = followUps.filter(
    (row) => !row.assessedOn && row.windowStart <= today && row.windowEnd >= today,
  )
  return (
    <div className="flex flex-col gap-4">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">Follow-up schedule</caption>
        <thead className="text-slate-600">
          <tr>
            <th scope="col" className="py-1">
              Timepoint
            </th>
            <th scope="col">Due</th>
            <th scope="col">Window</th>
            <th scope="col">State</th>
            <th scope="col">Pain (NRS)</th>
            <th scope="col">ODI</th>
            <th scope="col">Analgesics</th>
            <th scope="col">Mobility</th>
          </tr>
        </thead>
        <tbody>
          {followUps.map((row) => (
            <tr key={row.id} className="border-t border-slate-100">
              <td className="py-1 font-medium">{TIMEPOINT_LABELS[row.timepoint]}</td>
              <td className="tabular-nums">{formatDate(row.dueOn)}</td>
              <td className="tabular-nums">
                {formatDate(row.windowStart)} – {formatDate(row.windowEnd)}
              </td>
              <td>
                {row.state === 'overdue' || row.state === 'due' ? (
                  <UrgencyChip urgency={row.state} label={STATE_LABELS[row.state]} />
                ) : (
                  STATE_LABELS[row.state]
                )}
              </td>
              <td>{row.painNrs ?? '—'}</td>
              <td>{row.odi ?? '—'}</td>
              <td>{row.analgesicUse ? ANALGESIC_LABELS[row.analgesicUse] : '—'}</td>
              <td>{row.mobility ? MOBILITY_LABELS[row.mobility] : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {open.length > 0 ? (
        <Disclosure label="Record follow-up" variant="primary">
          <FollowUpForm action={action} open={open} today={today} decisionScores={decisionScores} />
        </Disclosure>
      ) : (
        <p className="text-sm text-slate-600">No assessment is open for recording today.</p>
      )}
    </div>
  )
}

function FollowUpForm({
  action,
  open,
  today,
  decisionScores,
}: {
  action: FormAction
  open: RecordFollowUp[]
  today: string
  decisionScores: BaselineScores
}) {
  const { state, formAction, pending, fieldsKey, errors, value, checked } = useActionForm(action, {
    refreshOnRefusal: true,
  })
  const refOf = (row: RecordFollowUp) => `${row.id}:${row.version}`
  const [chosen, setChosen] = useState(value('followUpRef', open[0] ? refOf(open[0]) : ''))
  // The baseline starts from the decision's scores (editable); later timepoints start empty.
  const baseline = open.find((row) => refOf(row) === chosen)?.timepoint === 'baseline'
  const score = (name: keyof BaselineScores) => value(name, baseline ? decisionScores[name] : '')
  return (
    <form key={fieldsKey} action={formAction} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          id="follow-up-timepoint"
          name="followUpRef"
          label="Timepoint"
          options={open.map((row) => ({
            value: refOf(row),
            label: TIMEPOINT_LABELS[row.timepoint],
          }))}
          defaultValue={chosen}
          onChange={(event) => setChosen(event.target.value)}
          errors={errors('followUpId')}
        />
        <TextField
          id="follow-up-assessed-on"
          name="assessedOn"
          label="Assessed on"
          type="date"
          max={today}
          defaultValue={value('assessedOn', today)}
          errors={errors('assessedOn')}
        />
        <TextField
          id="follow-up-pain"
          name="painNrs"
          label="Pain score (0–10)"
          type="number"
          min={0}
          max={10}
          key={`pain-${baseline}`}
          defaultValue={score('painNrs')}
          errors={errors('painNrs')}
        />
        <TextField
          id="follow-up-odi"
          name="odi"
          label="ODI (0–100)"
          type="number"
          min={0}
          max={100}
          key={`odi-${baseline}`}
          defaultValue={score('odi')}
          errors={errors('odi')}
          hint={
            baseline
              ? 'From the candidacy decision: change it if it differs today'
              : 'Or answer the ten sections below'
          }
        />
        <TextField
          id="follow-up-rmdq"
          name="rmdq"
          label="RMDQ (0–24)"
          type="number"
          min={0}
          max={24}
          key={`rmdq-${baseline}`}
          defaultValue={score('rmdq')}
          errors={errors('rmdq')}
        />
        <TextField
          id="follow-up-angle"
          name="kyphoticAngleDeg"
          label="Kyphotic angle (°)"
          type="number"
          step="0.1"
          defaultValue={value('kyphoticAngleDeg')}
          errors={errors('kyphoticAngleDeg')}
        />
        <SelectField
          id="follow-up-analgesics"
          name="analgesicUse"
          label="Analgesic use"
          placeholder="Choose…"
          options={optionsFrom(ANALGESIC_LABELS)}
          defaultValue={value('analgesicUse', '')}
          errors={errors('analgesicUse')}
        />
        <SelectField
          id="follow-up-mobility"
          name="mobility"
          label="Mobility"
          placeholder="Choose…"
          options={optionsFrom(MOBILITY_LABELS)}
          defaultValue={value('mobility', '')}
          errors={errors('mobility')}
        />
        <div className="flex items-end">
          <CheckboxField
            id="follow-up-new-fracture"
            name="newFracture"
            label="New fracture"
            defaultChecked={checked('newFracture', false)}
          />
        </div>
      </div>
      <details className="rounded-md border border-slate-200 bg-white p-3">
        <summary className="cursor-pointer text-sm font-medium">
          ODI section answers (0–5 each)
        </summary>
        <div className="mt-3 grid gap-3 sm:grid-cols-5">
          {Array.from({ length: 10 }, (_, i) => (
            <TextField
              key={i}
              id={`follow-up-odi-${i + 1}`}
              name={`odi${i + 1}`}
              label={`ODI section ${i + 1}`}
              type="number"
              min={0}
              max={5}
              defaultValue={value(`odi${i + 1}`)}
            />
          ))}
        </div>
      </details>
      <TextareaField
        id="follow-up-note"
        name="note"
        label="Note"
        defaultValue={value('note')}
        errors={errors('note')}
      />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save follow-up'}
        </Button>
      </div>
    </form>
  )
}
