import type { ImagingModality, imagingOrders, VertebralLevel } from '../../schema'
import { addDays, daysFrom, isoDate, startOfUtcDay } from './days'
import { drawFractures, EDEMA_WEIGHTS, type GeneratedFracture } from './fractures'
import { childUuid, IMAGING_ID_KIND } from './ids'
import { type GeneratedStatusEvent, HEALED_FRACTURE_REASON } from './pathway'
import { pick, pickWeighted, pickWeightedExcept, type Random, randomInt } from './random'

// Fractures per patient once imaged: mean ≈ 1.5, and a few above the 3 levels one session allows.
const FRACTURE_COUNT_WEIGHTS: readonly (readonly [number, number])[] = [
  [1, 0.64],
  [2, 0.25],
  [3, 0.08],
  [4, 0.025],
  [5, 0.005],
]
// Before imaging a fracture is on file only if the referral brought an X-ray report.
const REFERRED_WITH_FRACTURE_SHARE = 0.6

// The work-up MRI (STIR); a bone scan when MRI is contraindicated (pacemaker, claustrophobia).
const FIRST_MODALITY_WEIGHTS: readonly (readonly [ImagingModality, number])[] = [
  ['mri', 0.95],
  ['bone_scan', 0.05],
]
const SECOND_ORDER_SHARE = 0.45
const SECOND_MODALITY_WEIGHTS: readonly (readonly [ImagingModality, number])[] = [
  ['xray', 0.5],
  ['ct', 0.25],
  ['dexa', 0.2],
  ['bone_scan', 0.05],
]
const MODALITY_ORDER_NOTES: Record<ImagingModality, string> = {
  mri: 'MRI with STIR ordered',
  bone_scan: 'Bone scan ordered (MRI contraindicated)',
  ct: 'CT ordered',
  xray: 'X-ray ordered',
  dexa: 'DEXA ordered',
}
const DEXA_LUMBAR_LEVELS: readonly VertebralLevel[] = ['L1', 'L2', 'L3', 'L4']

export type GeneratedImagingOrder = typeof imagingOrders.$inferInsert & {
  id: string
  patientId: string
  modality: ImagingModality
  orderedOn: string
  completedOn: string | null
  finding: string | null
}

interface WorkUpContext {
  patientId: string
  referralDay: Date
  painOnsetDay: Date
  todayDate: Date
  events: readonly GeneratedStatusEvent[]
}

/**
 * Imaging orders and fractures consistent with the pathway: orders go out on the day of the
 * imaging event and come back before the evaluation event; fractures are diagnosed from the
 * first completed study (or from the referral's X-ray report while imaging is outstanding).
 */
export function simulateWorkUp(
  random: Random,
  context: WorkUpContext,
): { fractures: GeneratedFracture[]; imagingOrders: GeneratedImagingOrder[] } {
  const { patientId, referralDay, painOnsetDay, todayDate, events } = context
  const imagingEvent = events.find((event) => event.toStatus === 'imaging')
  const evaluationEvent = events.find((event) => event.toStatus === 'evaluation')
  const decision = events.find((event) => event.fromStatus === 'evaluation')
  const becameCandidate = decision?.toStatus === 'candidate'
  const healed = decision?.toStatus === 'not_candidate' && decision.note === HEALED_FRACTURE_REASON

  if (!imagingEvent) {
    const fractureCount = random() < REFERRED_WITH_FRACTURE_SHARE ? 1 : 0
    const { fractures } = drawFractures(random, {
      patientId,
      count: fractureCount,
      diagnosedDay: referralDay,
      painOnsetDay,
      edema: () => 'unknown',
    })
    return { fractures, imagingOrders: [] }
  }

  // A second order is an adjunct (X-ray, CT, DEXA), so the first one carries the confirmation.
  // The healed-fracture reason quotes an MRI, so that patient had one.
  const firstModality = healed ? 'mri' : pickWeighted(random, FIRST_MODALITY_WEIGHTS)
  const modalities: ImagingModality[] = [firstModality]
  if (random() < SECOND_ORDER_SHARE) {
    modalities.push(pickWeightedExcept(random, SECOND_MODALITY_WEIGHTS, modalities))
  }
  // The pathway's note said MRI before the modality was drawn; say what was actually ordered.
  imagingEvent.note = MODALITY_ORDER_NOTES[firstModality]
  const imagingDay = startOfUtcDay(imagingEvent.occurredAt)
  // Pending orders end at today; completed ones the day before the evaluation at the latest.
  const lastDay = evaluationEvent
    ? addDays(startOfUtcDay(evaluationEvent.occurredAt), -1)
    : todayDate
  const schedule = modalities.map((modality, position) => {
    // The work-up study goes out with the imaging event; adjuncts follow within the window.
    const orderedDay =
      position === 0
        ? imagingDay
        : addDays(imagingDay, randomInt(random, 0, daysFrom(imagingDay, lastDay)))
    const completedDay = evaluationEvent
      ? addDays(orderedDay, randomInt(random, 0, daysFrom(orderedDay, lastDay)))
      : null
    return { modality, orderedDay, completedDay }
  })

  const firstStudy = schedule[0]!
  const count = pickWeighted(random, FRACTURE_COUNT_WEIGHTS)
  const { fractures, indexFracture } = drawFractures(random, {
    patientId,
    count,
    diagnosedDay: firstStudy.completedDay ?? referralDay,
    painOnsetDay,
    edema: (isIndex) => {
      // STIR signal is read off an MRI only; bone scan and X-ray reports leave it unknown.
      if (!firstStudy.completedDay || firstStudy.modality !== 'mri') return 'unknown'
      if (healed) return 'no'
      // A candidate was accepted on an acute fracture, so the level that brought them in has edema.
      if (isIndex && becameCandidate) return 'yes'
      return pickWeighted(random, EDEMA_WEIGHTS)
    },
  })
  const imagingOrders = schedule.map(({ modality, orderedDay, completedDay }, position) => ({
    id: childUuid(patientId, IMAGING_ID_KIND, position),
    patientId,
    modality,
    orderedOn: isoDate(orderedDay),
    orderedBy: null,
    completedOn: completedDay && isoDate(completedDay),
    finding: completedDay
      ? findingFor(
          random,
          modality,
          // Past referral every patient has at least one fracture, so there is an index one.
          position === 0 ? indexFracture! : pick(random, fractures),
          fractures,
        )
      : null,
  }))
  return { fractures, imagingOrders }
}

function findingFor(
  random: Random,
  modality: ImagingModality,
  fracture: GeneratedFracture,
  fractures: readonly GeneratedFracture[],
): string {
  const { level } = fracture
  switch (modality) {
    case 'mri': {
      const read =
        fracture.mriEdema === 'yes'
          ? `Acute ${level} compression fracture with STIR edema`
          : fracture.mriEdema === 'no'
            ? `Healed ${level} compression fracture, no marrow edema`
            : `${level} compression fracture, STIR signal equivocal`
      const others = fractures.filter((other) => other !== fracture).map((other) => other.level)
      return others.length > 0 ? `${read}; also ${others.join(', ')}` : read
    }
    case 'bone_scan':
      return `Increased tracer uptake at ${level}`
    case 'ct':
      if (fracture.retropulsion) return `${level} fracture with posterior wall retropulsion`
      if (fracture.posteriorWallInvolved) return `${level} fracture involving the posterior wall`
      return `${level} compression fracture, posterior wall intact`
    case 'xray': {
      const loss = Math.round(fracture.heightLossPct)
      return `${level} ${fracture.morphology} deformity, ${loss} % height loss`
    }
    case 'dexa': {
      // Densitometry reads no fracture; fractured L1–L4 vertebrae are left out of its average.
      const reading = `Lumbar spine T-score ${(-1 - random() * 3).toFixed(1)}`
      const excluded = fractures
        .map((other) => other.level)
        .filter((other) => DEXA_LUMBAR_LEVELS.includes(other))
      return excluded.length > 0
        ? `${reading}, ${excluded.join(', ')} excluded (fracture)`
        : reading
    }
  }
}
