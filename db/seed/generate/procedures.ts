import type {
  Disposition,
  OvernightReason,
  PatientStatus,
  procedures,
  ProcedureType,
  treatedLevels,
  VertebralLevel,
} from '../../schema'
import { drawAdverseEvent, type GeneratedAdverseEvent } from './adverse-events'
import { DAY_MS, dayNumber, duringBusinessHours, isoDay } from './days'
import { type GeneratedFollowUp, simulateFollowUps } from './follow-ups'
import { type GeneratedFracture, LEVEL_ORDER } from './fractures'
import { ADVERSE_EVENT_ID_KIND, childUuid, PROCEDURE_ID_KIND, TREATED_LEVEL_ID_KIND } from './ids'
import type { GeneratedStatusEvent } from './pathway'
import { pick, pickWeighted, type Random, randomInt, roundTo } from './random'

// Procedures. Shares are of patients (or procedures) that got that far; sources in
// docs/clinical-definitions.md#literature-benchmarks.
const CANCELLED_BEFORE_SHARE = 0.05
const CANCEL_REASONS = [
  'Patient unwell on the day (chest infection)',
  'Anticoagulant not held in time',
  'INR above target on the morning of the procedure',
  'Patient asked to reschedule',
  'Transport unavailable',
  'Fluoroscopy suite unavailable',
] as const
// Days ahead a still-scheduled patient's procedure is booked for.
const SCHEDULED_AHEAD_MAX_DAYS = 21
const LOCAL_SEDATION_SHARE = 0.7
const KYPHOPLASTY_BIPEDICULAR_SHARE = 0.85
const VERTEBROPLASTY_BIPEDICULAR_SHARE = 0.5
// Most patients have every treatable level done in one session (at most three); the rest only
// the worst one.
const ALL_LEVELS_SHARE = 0.75
const MAX_LEVELS_PER_SESSION = 3
const VCF_THRESHOLD_PCT = 15
// NSQIP: 61 % same-day discharge. Multi-level sessions keep patients overnight more often.
const SAME_DAY_SHARE_BY_LEVELS = [0.64, 0.52, 0.42] as const
// A symptomatic adverse event on the day adds 'complication' stays on top of these.
const OVERNIGHT_REASON_WEIGHTS: readonly (readonly [OvernightReason, number])[] = [
  ['pain_control', 0.32],
  ['anesthesia_recovery', 0.2],
  ['multi_level_procedure', 0.12],
  ['comorbidity_monitoring', 0.12],
  ['transport_social', 0.09],
  ['physician_preference', 0.07],
  ['complication', 0.03],
  ['other', 0.02],
]
// After a two- or three-level session, "multi-level procedure" becomes the usual reason.
const MULTI_LEVEL_OVERNIGHT_REASON_WEIGHTS = OVERNIGHT_REASON_WEIGHTS.map(
  ([reason, weight]) => [reason, reason === 'multi_level_procedure' ? weight * 3 : weight] as const,
)

// Papanastassiou 2012: kyphosis reduced 4.8° by kyphoplasty, 1.7° by vertebroplasty (means).
const ANGLE_CORRECTION: Record<ProcedureType, { min: number; max: number }> = {
  kyphoplasty: { min: 1.5, max: 8.1 },
  vertebroplasty: { min: 0, max: 3.4 },
}
const CEMENT_ML: Record<ProcedureType, { min: number; max: number }> = {
  kyphoplasty: { min: 3, max: 8 },
  vertebroplasty: { min: 2, max: 6 },
}
const HEIGHT_RESTORED_PCT: Record<ProcedureType, { min: number; max: number }> = {
  kyphoplasty: { min: 10, max: 40 },
  vertebroplasty: { min: 0, max: 15 },
}

type NewProcedure = typeof procedures.$inferInsert

export type GeneratedProcedure = NewProcedure & {
  id: string
  patientId: string
  type: ProcedureType
  status: NonNullable<NewProcedure['status']>
  scheduledAt: Date
  performedAt: Date | null
  physicianId: string
  anesthesia: NewProcedure['anesthesia']
  approach: NewProcedure['approach']
  /** In anatomical order. */
  plannedLevels: VertebralLevel[]
  cement: string
  cancelReason: string | null
  disposition: Disposition | null
  overnightReason: OvernightReason | null
  dischargedAt: Date | null
}

export type GeneratedTreatedLevel = typeof treatedLevels.$inferInsert & {
  id: string
  procedureId: string
  fractureId: string
  level: VertebralLevel
  cementVolumeMl: number
  kyphoticAngleBeforeDeg: number
  kyphoticAngleAfterDeg: number
  heightRestoredPct: number
}

interface TreatmentContext {
  patientId: string
  physicianId: string
  procedure: ProcedureType
  status: PatientStatus
  events: readonly GeneratedStatusEvent[]
  fractures: readonly GeneratedFracture[]
  today: Date
  /** Today's UTC date as whole days since 1970-01-01. */
  todayDay: number
}

interface Treatment {
  procedures: GeneratedProcedure[]
  treatedLevels: GeneratedTreatedLevel[]
  adverseEvents: GeneratedAdverseEvent[]
  followUps: GeneratedFollowUp[]
  lastDisposition: Disposition | null
  nextFollowUpOn: string | null
}

/**
 * Procedures, adverse events and follow-ups consistent with the pathway: a patient booked and not
 * yet treated has a scheduled procedure; a treated one a procedure completed on the day of the
 * "treated" event, whose follow-ups are assessed up to today, to closure, or until lost.
 */
export function simulateTreatment(random: Random, context: TreatmentContext): Treatment {
  const { patientId, physicianId, procedure, events, fractures, today, todayDay } = context
  const treatment: Treatment = {
    procedures: [],
    treatedLevels: [],
    adverseEvents: [],
    followUps: [],
    lastDisposition: null,
    nextFollowUpOn: null,
  }
  let booked: GeneratedStatusEvent | undefined
  let treated: GeneratedStatusEvent | undefined
  let followedUp: GeneratedStatusEvent | undefined
  let ended: GeneratedStatusEvent | undefined
  for (const event of events) {
    if (event.toStatus === 'scheduled') booked = event
    else if (event.toStatus === 'treated') treated = event
    else if (event.toStatus === 'follow_up') followedUp = event
    else if (event.toStatus === 'closed' || event.toStatus === 'lost_to_follow_up') ended = event
  }
  if (!booked) return treatment

  const levelFractures = planLevels(random, fractures)
  const plan = {
    patientId,
    type: procedure,
    physicianId,
    setting: 'outpatient',
    anesthesia: random() < LOCAL_SEDATION_SHARE ? 'local_sedation' : 'general',
    approach:
      random() <
      (procedure === 'kyphoplasty'
        ? KYPHOPLASTY_BIPEDICULAR_SHARE
        : VERTEBROPLASTY_BIPEDICULAR_SHARE)
        ? 'bipedicular'
        : 'unipedicular',
    plannedLevels: levelFractures.map((fracture) => fracture.level),
    cement: 'PMMA',
    createdAt: booked.occurredAt,
  } satisfies Partial<GeneratedProcedure>
  const procedureId = childUuid(patientId, PROCEDURE_ID_KIND, 0)
  const bookedDay = dayNumber(booked.occurredAt)

  if (!treated) {
    const day = todayDay + randomInt(random, 0, SCHEDULED_AHEAD_MAX_DAYS)
    const scheduledAt = duringBusinessHours(random, new Date(day * DAY_MS))
    const scheduled: GeneratedProcedure = {
      ...plan,
      id: procedureId,
      status: 'scheduled',
      scheduledAt,
      performedAt: null,
      cancelReason: null,
      disposition: null,
      overnightReason: null,
      dischargedAt: null,
      updatedAt: booked.occurredAt,
    }
    treatment.procedures = withCancelled(random, plan, bookedDay, day, [scheduled])
    return treatment
  }

  const performedDay = dayNumber(treated.occurredAt)
  const dayStart = performedDay * DAY_MS
  // Not after the event that records it, so never after `today` either.
  const latestMinute = Math.min(
    15 * 60,
    Math.floor((treated.occurredAt.getTime() - dayStart) / 60_000),
  )
  const performedAt = new Date(dayStart + randomInt(random, 8 * 60, latestMinute) * 60_000)

  const adverseEvent = drawAdverseEvent(random, {
    id: childUuid(patientId, ADVERSE_EVENT_ID_KIND, 0),
    procedureId,
    patientId,
    performedDay,
    todayDay,
  })
  // A symptomatic event on the day keeps the patient in; otherwise the NSQIP-like split.
  const complicated =
    adverseEvent?.row.symptomatic === true && adverseEvent.detectedDay === performedDay
  const levelCount = levelFractures.length
  const sameDayShare = SAME_DAY_SHARE_BY_LEVELS[Math.min(levelCount, 3) - 1] ?? 0.6
  const disposition: Disposition =
    !complicated && random() < sameDayShare ? 'same_day' : 'overnight'
  const overnightReason: OvernightReason | null =
    disposition === 'same_day'
      ? null
      : complicated
        ? 'complication'
        : pickWeighted(
            random,
            levelCount >= 2 ? MULTI_LEVEL_OVERNIGHT_REASON_WEIGHTS : OVERNIGHT_REASON_WEIGHTS,
          )
  const dischargeAt =
    disposition === 'same_day'
      ? performedAt.getTime() + randomInt(random, 120, 360) * 60_000
      : dayStart + DAY_MS + randomInt(random, 7 * 60, 11 * 60) * 60_000
  // Still on the ward if the discharge would be after `today`.
  const dischargedAt = dischargeAt <= today.getTime() ? new Date(dischargeAt) : null
  const completed: GeneratedProcedure = {
    ...plan,
    id: procedureId,
    status: 'completed',
    scheduledAt: duringBusinessHours(random, new Date(dayStart)),
    performedAt,
    cancelReason: null,
    disposition,
    overnightReason,
    dischargedAt,
    updatedAt: dischargedAt ?? performedAt,
  }
  // The booked slot is the morning of the procedure, not after it.
  if (completed.scheduledAt > performedAt) completed.scheduledAt = performedAt
  treatment.procedures = withCancelled(random, plan, bookedDay, performedDay, [completed])
  treatment.lastDisposition = disposition

  const correction = ANGLE_CORRECTION[procedure]
  const cement = CEMENT_ML[procedure]
  const restored = HEIGHT_RESTORED_PCT[procedure]
  treatment.treatedLevels = levelFractures.map((fracture, position) => {
    const before = fracture.kyphoticAngleDeg ?? roundTo(8 + random() * 22, 1)
    // The mean of two draws centres the correction on the published mean.
    const change = correction.min + ((random() + random()) / 2) * (correction.max - correction.min)
    return {
      id: childUuid(patientId, TREATED_LEVEL_ID_KIND, position),
      procedureId,
      fractureId: fracture.id,
      level: fracture.level,
      cementVolumeMl: roundTo(cement.min + random() * (cement.max - cement.min), 1),
      kyphoticAngleBeforeDeg: before,
      kyphoticAngleAfterDeg: roundTo(Math.max(0, before - change), 1),
      heightRestoredPct: roundTo(restored.min + random() * (restored.max - restored.min), 1),
    }
  })
  if (adverseEvent) treatment.adverseEvents = [adverseEvent.row]

  const firstLevel = treatment.treatedLevels[0]!
  const fractureFound =
    adverseEvent?.row.category === 'new_adjacent_fracture' ||
    adverseEvent?.row.category === 'new_remote_fracture'
  const { followUps, nextDueDay } = simulateFollowUps(random, {
    patientId,
    procedureId,
    type: procedure,
    performedDay,
    bookedDay,
    todayDay,
    checkedDay: followedUp ? dayNumber(followedUp.occurredAt) : null,
    closedDay: ended?.toStatus === 'closed' ? dayNumber(ended.occurredAt) : null,
    lostDay: ended?.toStatus === 'lost_to_follow_up' ? dayNumber(ended.occurredAt) : null,
    newFractureDay: fractureFound ? adverseEvent.detectedDay : null,
    angleBefore: firstLevel.kyphoticAngleBeforeDeg,
    angleAfter: firstLevel.kyphoticAngleAfterDeg,
  })
  treatment.followUps = followUps
  treatment.nextFollowUpOn = nextDueDay === null ? null : isoDay(nextDueDay)
  return treatment
}

/** Prepends, for a few patients, an earlier booking that was cancelled. */
function withCancelled(
  random: Random,
  plan: Omit<
    GeneratedProcedure,
    | 'id'
    | 'status'
    | 'scheduledAt'
    | 'performedAt'
    | 'cancelReason'
    | 'disposition'
    | 'overnightReason'
    | 'dischargedAt'
  >,
  bookedDay: number,
  procedureDay: number,
  procedures: GeneratedProcedure[],
): GeneratedProcedure[] {
  if (random() >= CANCELLED_BEFORE_SHARE) return procedures
  // Booked for a day before the one that went ahead (the booking day itself if there is none).
  const day = bookedDay + randomInt(random, 0, Math.max(0, procedureDay - 1 - bookedDay))
  const cancelled: GeneratedProcedure = {
    ...plan,
    id: childUuid(plan.patientId, PROCEDURE_ID_KIND, 1),
    status: 'cancelled',
    scheduledAt: duringBusinessHours(random, new Date(day * DAY_MS)),
    performedAt: null,
    cancelReason: pick(random, CANCEL_REASONS),
    disposition: null,
    overnightReason: null,
    dischargedAt: null,
    updatedAt: plan.createdAt,
  }
  return [cancelled, ...procedures]
}

/**
 * The levels one session treats, in anatomical order: VCFs (≥ 15 % height loss) at T1–L5, acute
 * ones (edema) and the most collapsed first, at most three; failing those, any recorded level.
 */
function planLevels(random: Random, fractures: readonly GeneratedFracture[]): GeneratedFracture[] {
  const treatable = fractures.filter((fracture) => fracture.level !== 'S1')
  const vcfs = treatable.filter((fracture) => fracture.heightLossPct >= VCF_THRESHOLD_PCT)
  const pool = vcfs.length > 0 ? vcfs : treatable.length > 0 ? treatable : [...fractures]
  pool.sort(
    (a, b) =>
      Number(b.mriEdema === 'yes') - Number(a.mriEdema === 'yes') ||
      b.heightLossPct - a.heightLossPct,
  )
  const count = random() < ALL_LEVELS_SHARE ? Math.min(pool.length, MAX_LEVELS_PER_SESSION) : 1
  return pool.slice(0, count).sort((a, b) => LEVEL_ORDER.get(a.level)! - LEVEL_ORDER.get(b.level)!)
}
