'use client'

import { Button } from '@/components/ui/button'
import { Disclosure } from '@/components/ui/disclosure'
import { useActionForm } from '@/components/ui/use-action-form'
import type { FormAction } from '@/lib/action-result'
import type { RecordFracture } from '@/lib/candidates/record-model'
import { genantGrade, isBelowVcfThreshold } from '@/lib/fractures/rules'
import { MORPHOLOGY_LABELS, TRI_STATE_LABELS, type VertebralLevel } from '@/lib/fractures/labels'
import { FractureForm } from './fracture-form'

interface FractureListProps {
  patientId: string
  fractures: RecordFracture[]
  /** The levels a fracture can be recorded at, top to bottom. */
  levels: readonly VertebralLevel[]
  today: string
  addAction: FormAction
  updateAction: FormAction
  removeAction: FormAction
}

export function FractureList({
  patientId,
  fractures,
  levels,
  today,
  addAction,
  updateAction,
  removeAction,
}: FractureListProps) {
  return (
    <div className="flex flex-col gap-4">
      {fractures.length === 0 ? (
        <p className="text-sm text-slate-600">No fractures recorded.</p>
      ) : (
        <ul className="flex flex-col divide-y divide-slate-100 rounded-lg border border-slate-200">
          {fractures.map((fracture) => (
            <li
              key={fracture.id}
              aria-label={`Fracture ${fracture.level}`}
              className="flex flex-col gap-3 p-3"
            >
              <FractureSummary fracture={fracture} />
              <div className="flex flex-wrap items-start gap-2">
                <Disclosure label={`Edit fracture ${fracture.level}`} text="Edit">
                  <FractureForm
                    action={updateAction}
                    patientId={patientId}
                    fracture={fracture}
                    levels={levels}
                    today={today}
                  />
                </Disclosure>
                <RemoveFractureButton
                  action={removeAction}
                  patientId={patientId}
                  fracture={fracture}
                />
              </div>
            </li>
          ))}
        </ul>
      )}
      <Disclosure label="Add fracture" variant="primary">
        <FractureForm action={addAction} patientId={patientId} levels={levels} today={today} />
      </Disclosure>
    </div>
  )
}

function FractureSummary({ fracture }: { fracture: RecordFracture }) {
  const facts = [
    `${fracture.heightLossPct} % height loss`,
    `MRI edema: ${TRI_STATE_LABELS[fracture.mriEdema].toLowerCase()}`,
    fracture.kyphoticAngleDeg !== null ? `kyphotic angle ${fracture.kyphoticAngleDeg}°` : null,
    fracture.morphology ? MORPHOLOGY_LABELS[fracture.morphology].toLowerCase() : null,
    fracture.posteriorWallInvolved ? 'posterior wall involved' : null,
    fracture.retropulsion ? 'retropulsion' : null,
  ].filter(Boolean)
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-base font-semibold">{fracture.level}</span>
      <span className="rounded bg-slate-100 px-2 py-0.5 font-medium">
        Genant {genantGrade(fracture.heightLossPct)}
      </span>
      {isBelowVcfThreshold(fracture.heightLossPct) ? (
        <span className="rounded bg-amber-100 px-2 py-0.5 font-medium text-amber-900">
          below VCF threshold
        </span>
      ) : null}
      <span className="text-slate-700">{facts.join(' · ')}</span>
    </div>
  )
}

function RemoveFractureButton({
  action,
  patientId,
  fracture,
}: {
  action: FormAction
  patientId: string
  fracture: RecordFracture
}) {
  const { state, formAction, pending } = useActionForm(action, { refreshOnRefusal: true })
  return (
    <form
      action={formAction}
      onSubmit={(event) => {
        if (!window.confirm(`Remove the ${fracture.level} fracture?`)) event.preventDefault()
      }}
    >
      <input type="hidden" name="patientId" value={patientId} />
      <input type="hidden" name="fractureId" value={fracture.id} />
      <input type="hidden" name="version" value={fracture.version} />
      <Button
        type="submit"
        variant="secondary"
        disabled={pending}
        aria-label={`Remove fracture ${fracture.level}`}
      >
        Remove
      </Button>
      {!state.ok ? (
        <span role="alert" className="ml-2 text-sm text-red-700">
          {state.message}
        </span>
      ) : null}
    </form>
  )
}
