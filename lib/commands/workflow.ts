import type { PatientStatus } from '@/db/schema'

/**
 * The patient pathway as one state machine (docs/clinical-definitions.md#patient-status-workflow).
 * Every status change goes through `assertTransition`, and each becomes a patient_status_events row
 * (who, when, from, to, note).
 *
 * How a transition is made:
 * - manual: a coordinator or physician moves the patient on the record page;
 * - decision: only the candidacy decision (a physician) makes it;
 * - procedure: scheduling and completing a procedure make it.
 */
export type TransitionKind = 'manual' | 'decision' | 'procedure'

// Decided once work-up is done (evaluation), and re-decided before scheduling.
const DECIDABLE_FROM: readonly PatientStatus[] = [
  'evaluation',
  'candidate',
  'not_candidate',
  'resolved_conservatively',
]

const TRANSITIONS: Record<PatientStatus, Partial<Record<PatientStatus, TransitionKind>>> = {
  referred: { imaging: 'manual', evaluation: 'manual' },
  imaging: { evaluation: 'manual' },
  evaluation: { imaging: 'manual' },
  candidate: { scheduled: 'procedure' },
  // A patient refused or improved can come back for work-up when the pain does.
  not_candidate: { evaluation: 'manual' },
  resolved_conservatively: { evaluation: 'manual' },
  scheduled: { treated: 'procedure', candidate: 'procedure' },
  treated: { follow_up: 'manual' },
  follow_up: { closed: 'manual', lost_to_follow_up: 'manual' },
  lost_to_follow_up: { follow_up: 'manual' },
  closed: {},
}
for (const from of DECIDABLE_FROM) {
  for (const to of ['candidate', 'not_candidate', 'resolved_conservatively'] as const) {
    // Re-deciding the same outcome is not a transition (the decision is still recorded).
    if (to !== from) TRANSITIONS[from][to] = 'decision'
  }
}

export function transitionKind(from: PatientStatus, to: PatientStatus): TransitionKind | null {
  return TRANSITIONS[from][to] ?? null
}

export function canTransition(
  from: PatientStatus,
  to: PatientStatus,
  kind: TransitionKind,
): boolean {
  return transitionKind(from, to) === kind
}

/** The statuses a person may move a patient to by hand from `from`. */
export function manualTargets(from: PatientStatus): PatientStatus[] {
  return (Object.entries(TRANSITIONS[from]) as [PatientStatus, TransitionKind][])
    .filter(([, kind]) => kind === 'manual')
    .map(([to]) => to)
}

export function canDecideFrom(status: PatientStatus): boolean {
  return DECIDABLE_FROM.includes(status)
}

export class TransitionNotAllowedError extends Error {
  constructor(
    readonly from: PatientStatus,
    readonly to: PatientStatus,
  ) {
    super(`A patient cannot move from ${from} to ${to} this way`)
    this.name = 'TransitionNotAllowedError'
  }
}

export function assertTransition(
  from: PatientStatus,
  to: PatientStatus,
  kind: TransitionKind,
): void {
  if (!canTransition(from, to, kind)) throw new TransitionNotAllowedError(from, to)
}
