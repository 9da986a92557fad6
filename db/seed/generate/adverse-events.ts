import type { AdverseEventCategory, adverseEvents } from '../../schema'
import { isoDay } from './days'
import { pickWeighted, type Random, randomInt } from './random'

// Adverse events of a completed procedure. Sources in
// docs/clinical-definitions.md#literature-benchmarks.

const ADVERSE_EVENT_SHARE = 0.08
// Of procedures with an adverse event: new adjacent fracture ≈ 3 % of all procedures. No deaths:
// a seeded death would contradict the follow-ups the same patient goes on to attend.
const ADVERSE_EVENT_WEIGHTS: readonly (readonly [AdverseEventCategory, number])[] = [
  ['cement_leakage', 0.5],
  ['new_adjacent_fracture', 0.36],
  ['new_remote_fracture', 0.05],
  ['pulmonary_cement_embolism', 0.025],
  ['bleeding_hematoma', 0.025],
  ['anesthesia_complication', 0.015],
  ['infection', 0.01],
  ['neurologic_deficit', 0.005],
  ['other', 0.01],
]
const LEAKAGE_TYPE_WEIGHTS: readonly (readonly [LeakageType, number])[] = [
  ['B', 0.35],
  ['S', 0.35],
  ['C', 0.3],
]
const LEAKAGE_LOCATION_WEIGHTS: readonly (readonly [LeakageLocation, number])[] = [
  ['disc', 0.5],
  ['paravertebral', 0.4],
  ['canal', 0.1],
]
// Share symptomatic, and the days after the procedure it is found (capped at today).
const ADVERSE_EVENT_PROFILE: Record<
  AdverseEventCategory,
  { symptomatic: number; minDelayDays: number; maxDelayDays: number }
> = {
  // Seen on the post-procedure films.
  cement_leakage: { symptomatic: 0.03, minDelayDays: 0, maxDelayDays: 0 },
  new_adjacent_fracture: { symptomatic: 0.8, minDelayDays: 14, maxDelayDays: 365 },
  new_remote_fracture: { symptomatic: 0.7, minDelayDays: 14, maxDelayDays: 365 },
  pulmonary_cement_embolism: { symptomatic: 0.2, minDelayDays: 0, maxDelayDays: 7 },
  bleeding_hematoma: { symptomatic: 0.5, minDelayDays: 0, maxDelayDays: 2 },
  anesthesia_complication: { symptomatic: 1, minDelayDays: 0, maxDelayDays: 0 },
  infection: { symptomatic: 1, minDelayDays: 3, maxDelayDays: 30 },
  neurologic_deficit: { symptomatic: 1, minDelayDays: 0, maxDelayDays: 2 },
  death: { symptomatic: 1, minDelayDays: 0, maxDelayDays: 30 },
  other: { symptomatic: 0.5, minDelayDays: 0, maxDelayDays: 0 },
}
const CANAL_LEAK_SYMPTOMATIC_SHARE = 0.3

type LeakageType = NonNullable<(typeof adverseEvents.$inferInsert)['leakageType']>
type LeakageLocation = NonNullable<(typeof adverseEvents.$inferInsert)['leakageLocation']>

export type GeneratedAdverseEvent = typeof adverseEvents.$inferInsert & {
  id: string
  procedureId: string
  patientId: string
  category: AdverseEventCategory
  leakageType: LeakageType | null
  leakageLocation: LeakageLocation | null
  symptomatic: boolean
  detectedOn: string
}

interface AdverseEventDraw {
  id: string
  procedureId: string
  patientId: string
  performedDay: number
  todayDay: number
}

export function drawAdverseEvent(
  random: Random,
  draw: AdverseEventDraw,
): { row: GeneratedAdverseEvent; detectedDay: number } | null {
  if (random() >= ADVERSE_EVENT_SHARE) return null
  const { id, procedureId, patientId, performedDay, todayDay } = draw
  const category = pickWeighted(random, ADVERSE_EVENT_WEIGHTS)
  const profile = ADVERSE_EVENT_PROFILE[category]
  const leakage = category === 'cement_leakage'
  const leakageLocation = leakage ? pickWeighted(random, LEAKAGE_LOCATION_WEIGHTS) : null
  // Cement in the canal is the leak that causes symptoms.
  const symptomatic =
    random() < (leakageLocation === 'canal' ? CANAL_LEAK_SYMPTOMATIC_SHARE : profile.symptomatic)
  const available = todayDay - performedDay
  const detectedDay =
    performedDay +
    randomInt(
      random,
      Math.min(profile.minDelayDays, available),
      Math.min(profile.maxDelayDays, available),
    )
  const row: GeneratedAdverseEvent = {
    id,
    procedureId,
    patientId,
    category,
    leakageType: leakage ? pickWeighted(random, LEAKAGE_TYPE_WEIGHTS) : null,
    leakageLocation,
    symptomatic,
    detectedOn: isoDay(detectedDay),
    note: category === 'other' ? 'Vasovagal episode during positioning' : null,
    recordedBy: null,
  }
  return { row, detectedDay }
}
