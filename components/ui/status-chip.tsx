import type { PatientStatus } from '@/lib/candidates/labels'
import { STATUS_LABELS } from '@/lib/candidates/labels'

// One colour per pathway stage (tokens in app/globals.css); the word is always there, so the
// colour is never the only cue.
const STAGE_CLASSES: Record<PatientStatus, string> = {
  referred: 'bg-stage-referred text-stage-referred-ink',
  imaging: 'bg-stage-imaging text-stage-imaging-ink',
  evaluation: 'bg-stage-evaluation text-stage-evaluation-ink',
  candidate: 'bg-stage-candidate text-stage-candidate-ink',
  scheduled: 'bg-stage-scheduled text-stage-scheduled-ink',
  treated: 'bg-stage-treated text-stage-treated-ink',
  follow_up: 'bg-stage-follow-up text-stage-follow-up-ink',
  not_candidate: 'bg-stage-ended text-stage-ended-ink',
  resolved_conservatively: 'bg-stage-ended text-stage-ended-ink',
  closed: 'bg-stage-ended text-stage-ended-ink',
  lost_to_follow_up: 'bg-stage-lost text-stage-lost-ink',
}

const URGENCY_CLASSES = {
  overdue: 'bg-urgent text-urgent-ink',
  due: 'bg-due text-due-ink',
} as const

const CHIP =
  'inline-flex items-center whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium'

/** A patient's status as a chip in its stage's colour. */
export function StatusChip({ status, testId }: { status: PatientStatus; testId?: string }) {
  return (
    <span data-testid={testId} className={`${CHIP} ${STAGE_CLASSES[status]}`}>
      {STATUS_LABELS[status]}
    </span>
  )
}

/** Urgency in words and colour: overdue in red, due (now, in its window) in amber. */
export function UrgencyChip({
  urgency,
  label,
}: {
  urgency: keyof typeof URGENCY_CLASSES
  label: string
}) {
  return <span className={`${CHIP} ${URGENCY_CLASSES[urgency]}`}>{label}</span>
}
