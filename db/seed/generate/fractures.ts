import { type NewFracture, type VertebralLevel, vertebralLevels } from '../../schema'
import { daysFrom, isoDate } from './days'
import { childUuid, FRACTURE_ID_KIND } from './ids'
import { clamp, pickWeighted, pickWeightedExcept, type Random, randomInt, roundTo } from './random'

// Osteoporotic VCFs cluster at the thoracolumbar junction (T11–L2) and are rare above T7.
const LEVEL_WEIGHTS: readonly (readonly [VertebralLevel, number])[] = [
  ['T1', 0.2],
  ['T2', 0.2],
  ['T3', 0.3],
  ['T4', 0.4],
  ['T5', 0.5],
  ['T6', 0.8],
  ['T7', 2.5],
  ['T8', 3.5],
  ['T9', 4],
  ['T10', 5],
  ['T11', 12],
  ['T12', 19],
  ['L1', 19],
  ['L2', 11],
  ['L3', 6],
  ['L4', 4],
  ['L5', 1.5],
  ['S1', 0.4],
]
// Under the clinic's 15 % VCF threshold: accepted but flagged, so the flag shows up in the data.
const BELOW_THRESHOLD_SHARE = 0.08
const SEVERE_HEIGHT_LOSS_SHARE = 0.04
const MORPHOLOGY_WEIGHTS: readonly (readonly [Morphology, number])[] = [
  ['wedge', 0.65],
  ['biconcave', 0.25],
  ['crush', 0.1],
]
export const EDEMA_WEIGHTS: readonly (readonly [Edema, number])[] = [
  ['yes', 0.8],
  ['no', 0.15],
  ['unknown', 0.05],
]
const KYPHOTIC_ANGLE_SHARE = 0.8
const POSTERIOR_WALL_SHARE = 0.1
// Retropulsion is a fragment of the posterior wall pushed back: only with wall involvement.
const RETROPULSION_GIVEN_POSTERIOR_WALL = 0.5

export const LEVEL_ORDER = new Map(vertebralLevels.map((level, position) => [level, position]))

type Morphology = NonNullable<NewFracture['morphology']>
type Edema = NonNullable<NewFracture['mriEdema']>

// The insert types with the columns this generator always fills made required, for the tests.
export type GeneratedFracture = NewFracture & {
  id: string
  patientId: string
  level: VertebralLevel
  diagnosedOn: string
  heightLossPct: number
  morphology: Morphology
  fractureAgeWeeks: number
  mriEdema: Edema
  kyphoticAngleDeg: number | null
  posteriorWallInvolved: boolean
  retropulsion: boolean
}

interface FractureDraw {
  patientId: string
  count: number
  diagnosedDay: Date
  painOnsetDay: Date
  edema: (isIndex: boolean) => Edema
}

/**
 * `count` fractures at distinct levels, in anatomical order. The first drawn is the index
 * fracture, the one that brought the patient in (most often at the junction); null if none.
 */
export function drawFractures(
  random: Random,
  draw: FractureDraw,
): { fractures: GeneratedFracture[]; indexFracture: GeneratedFracture | null } {
  const { patientId, count, diagnosedDay, painOnsetDay, edema } = draw
  const diagnosedOn = isoDate(diagnosedDay)
  // The index fracture is as old as the pain; weeks are whole, at least one.
  const weeksSinceOnset = clamp(Math.round(daysFrom(painOnsetDay, diagnosedDay) / 7), 1, 26)
  const fractures: GeneratedFracture[] = []
  let indexFracture: GeneratedFracture | null = null
  const taken: VertebralLevel[] = []
  for (let position = 0; position < count; position++) {
    const isIndex = position === 0
    const level = pickWeightedExcept(random, LEVEL_WEIGHTS, taken)
    taken.push(level)
    const heightLossPct = drawHeightLoss(random)
    const mriEdema = edema(isIndex)
    const posteriorWallInvolved = random() < POSTERIOR_WALL_SHARE
    const fracture: GeneratedFracture = {
      id: childUuid(patientId, FRACTURE_ID_KIND, position),
      patientId,
      level,
      diagnosedOn,
      heightLossPct,
      morphology: pickWeighted(random, MORPHOLOGY_WEIGHTS),
      // Other levels found on the same study: a level without edema is an older, healed one.
      fractureAgeWeeks: isIndex
        ? weeksSinceOnset
        : mriEdema === 'no'
          ? randomInt(random, 8, 26)
          : randomInt(random, 1, 26),
      mriEdema,
      // Deformity grows with collapse: about 0.4° per percent of height lost, ± 5°.
      kyphoticAngleDeg:
        random() < KYPHOTIC_ANGLE_SHARE
          ? roundTo(clamp(5 + heightLossPct * 0.4 + (random() * 10 - 5), 5, 35), 1)
          : null,
      posteriorWallInvolved,
      retropulsion: posteriorWallInvolved && random() < RETROPULSION_GIVEN_POSTERIOR_WALL,
      removedAt: null,
    }
    fractures.push(fracture)
    indexFracture ??= fracture
  }
  fractures.sort((a, b) => LEVEL_ORDER.get(a.level)! - LEVEL_ORDER.get(b.level)!)
  return { fractures, indexFracture }
}

/** Percent of vertebral height lost, 2 decimals: mostly 15–60, some below 15, a few to 80. */
function drawHeightLoss(random: Random): number {
  const roll = random()
  // Capped at 14.99 so rounding never lifts a below-threshold value onto the threshold.
  if (roll < BELOW_THRESHOLD_SHARE) return roundTo(5 + random() * 9.99, 2)
  if (roll < BELOW_THRESHOLD_SHARE + SEVERE_HEIGHT_LOSS_SHARE) return roundTo(60 + random() * 20, 2)
  // The mean of two draws peaks mid-range: moderate (grade 2) fractures are the most common.
  return roundTo(15 + ((random() + random()) / 2) * 45, 2)
}
