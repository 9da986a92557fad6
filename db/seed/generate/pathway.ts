import type { NewPatientStatusEvent, PatientStatus, ProcedureType } from '../../schema'
import { addDays, duringBusinessHours } from './days'
import { pick, type Random, randomInt } from './random'

// Named: a patient turned down for it gets fractures without edema, to match.
export const HEALED_FRACTURE_REASON = 'Healed fracture: no marrow edema on MRI'
const NOT_CANDIDATE_REASONS = [
  'Pain not attributable to fracture',
  HEALED_FRACTURE_REASON,
  'Active infection (discitis)',
  'Spinal instability: referred for surgical opinion',
  'Uncorrected coagulopathy',
  'Pain below threshold after optimal medical management',
] as const

const LOST_TO_FOLLOW_UP_SHARE = 0.12

export type GeneratedStatusEvent = Omit<NewPatientStatusEvent, 'patientId'> & { occurredAt: Date }

interface PathwayStep {
  to: PatientStatus
  minDays: number
  maxDays: number
  note: string
}

interface PathwayContext {
  referralDay: Date
  referringPhysician: string
  procedure: ProcedureType
  today: Date
}

/** Walks the pathway from referral to a terminal status, stopping before any step after today. */
export function simulatePathway(random: Random, context: PathwayContext): GeneratedStatusEvent[] {
  const { referralDay, referringPhysician, procedure, today } = context
  const events: GeneratedStatusEvent[] = [
    {
      fromStatus: null,
      toStatus: 'referred',
      note: `Referral from ${referringPhysician}`,
      actorId: null,
      occurredAt: duringBusinessHours(random, referralDay),
    },
  ]
  let status: PatientStatus = 'referred'
  let day = referralDay
  let step = nextStep(random, status, procedure)
  while (step) {
    day = addDays(day, randomInt(random, step.minDays, step.maxDays))
    const occurredAt = duringBusinessHours(random, day)
    if (occurredAt > today) break
    events.push({
      fromStatus: status,
      toStatus: step.to,
      note: step.note,
      actorId: null,
      occurredAt,
    })
    status = step.to
    step = nextStep(random, status, procedure)
  }
  return events
}

function nextStep(
  random: Random,
  status: PatientStatus,
  procedure: PathwayContext['procedure'],
): PathwayStep | null {
  switch (status) {
    case 'referred':
      return { to: 'imaging', minDays: 1, maxDays: 10, note: 'MRI with STIR ordered' }
    case 'imaging':
      return { to: 'evaluation', minDays: 3, maxDays: 21, note: 'Imaging reviewed' }
    case 'evaluation':
      return decide(random, procedure)
    case 'candidate':
      return { to: 'scheduled', minDays: 2, maxDays: 14, note: `Booked for ${procedure}` }
    case 'scheduled':
      return { to: 'treated', minDays: 3, maxDays: 28, note: `Treated with ${procedure}` }
    case 'treated':
      return { to: 'follow_up', minDays: 1, maxDays: 3, note: '48-hour check done' }
    case 'follow_up':
      return random() < LOST_TO_FOLLOW_UP_SHARE
        ? {
            to: 'lost_to_follow_up',
            minDays: 30,
            maxDays: 300,
            note: 'No reply to 3 contact attempts',
          }
        : { to: 'closed', minDays: 360, maxDays: 400, note: '12-month follow-up completed' }
    case 'not_candidate':
    case 'resolved_conservatively':
    case 'closed':
    case 'lost_to_follow_up':
      return null
  }
}

function decide(random: Random, procedure: PathwayContext['procedure']): PathwayStep {
  const roll = random()
  if (roll < 0.6) {
    return { to: 'candidate', minDays: 2, maxDays: 21, note: `Candidate for ${procedure}` }
  }
  if (roll < 0.75) {
    return {
      to: 'not_candidate',
      minDays: 2,
      maxDays: 21,
      note: pick(random, NOT_CANDIDATE_REASONS),
    }
  }
  // VERTOS II: many eligible patients improved on their own during work-up.
  const note = 'Pain improved with conservative care'
  return { to: 'resolved_conservatively', minDays: 7, maxDays: 42, note }
}
