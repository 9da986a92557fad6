import type { followUps, FollowUpTimepoint, ProcedureType } from '../../schema'
import { isoDay } from './days'
import { childUuid, FOLLOW_UP_ID_KIND } from './ids'
import { clamp, type Random, randomInt, roundTo } from './random'

// Copied from lib/follow-ups/rules.ts, the source of truth (db/ must not import lib/): days from
// the procedure to each assessment and its window. procedures.test.ts checks the two agree.
const FOLLOW_UP_SCHEDULE: readonly {
  timepoint: FollowUpTimepoint
  dueDay: number
  from: number
  to: number
}[] = [
  { timepoint: 'baseline', dueDay: 0, from: -30, to: 0 },
  { timepoint: 'h48', dueDay: 2, from: 1, to: 4 },
  { timepoint: 'd7', dueDay: 7, from: 5, to: 14 },
  { timepoint: 'm1', dueDay: 30, from: 21, to: 45 },
  { timepoint: 'm3', dueDay: 91, from: 75, to: 120 },
  { timepoint: 'm6', dueDay: 182, from: 150, to: 210 },
  { timepoint: 'm12', dueDay: 365, from: 330, to: 400 },
]
const ASSESSED_SHARE = 0.9
// Responders at 1 month (NRS down ≥ 2 and ≥ 30 %): the seed's 87 % VP / 92 % KP, a little lower.
const RESPONDER_SHARE: Record<ProcedureType, number> = { vertebroplasty: 0.85, kyphoplasty: 0.89 }
// Share of the 1-month relief reached at each timepoint (EVOLVE: 5.2, 5.4, 6.0, 6.2, 6.3 points).
const RELIEF_CURVE = [0, 0.8, 0.95, 1, 1.08, 1.1, 1.12] as const
const RMDQ_SHARE = 0.6
const FOLLOW_UP_ANGLE_SHARE = 0.3

type AnalgesicUse = NonNullable<(typeof followUps.$inferInsert)['analgesicUse']>
type Mobility = NonNullable<(typeof followUps.$inferInsert)['mobility']>

export type GeneratedFollowUp = typeof followUps.$inferInsert & {
  id: string
  patientId: string
  procedureId: string
  timepoint: FollowUpTimepoint
  dueOn: string
  windowStart: string
  windowEnd: string
  assessedOn: string | null
  painNrs: number | null
  odi: number | null
  rmdq: number | null
  analgesicUse: AnalgesicUse | null
  mobility: Mobility | null
  newFracture: boolean | null
  kyphoticAngleDeg: number | null
}

interface FollowUpDraw {
  patientId: string
  procedureId: string
  type: ProcedureType
  performedDay: number
  bookedDay: number
  todayDay: number
  /** The day of the "48-hour check done" event, if it has happened. */
  checkedDay: number | null
  closedDay: number | null
  lostDay: number | null
  newFractureDay: number | null
  angleBefore: number
  angleAfter: number
}

/**
 * The seven scheduled assessments. Each is planned for a day in its window near the due date;
 * it is recorded if that day is not after today (nor after the patient was lost), bar ~10 %
 * missed. Baseline is always done before the procedure, 48 h on the follow-up event's day, and a
 * closed patient attended all of them, the 12-month one by the day of closing.
 */
export function simulateFollowUps(
  random: Random,
  draw: FollowUpDraw,
): { followUps: GeneratedFollowUp[]; nextDueDay: number | null } {
  const { patientId, procedureId, type, performedDay, bookedDay, todayDay } = draw
  const { checkedDay, closedDay, lostDay, newFractureDay } = draw
  const responder = random() < RESPONDER_SHARE[type]
  // Share of the baseline pain gone at 1 month. Below 22 % no rounding reaches a 2-point, 30 %
  // fall from a 7–9 baseline; from 50 % every rounding does, so the responder draw decides.
  const relief = responder
    ? 0.5 + random() * 0.35 + (type === 'kyphoplasty' ? 0.03 : 0)
    : random() * 0.22
  // Disability follows pain, loosely.
  const disabilityRelief = clamp(relief * 0.85 + (random() - 0.5) * 0.1, 0, 0.9)
  const basePain = randomInt(random, 7, 9)
  const baseOdi = randomInt(random, 50, 75)
  const baseRmdq = random() < RMDQ_SHARE ? randomInt(random, 14, 22) : null
  const followUps: GeneratedFollowUp[] = []
  let nextDueDay: number | null = null
  let fractureReported = false
  for (let position = 0; position < FOLLOW_UP_SCHEDULE.length; position++) {
    const { timepoint, dueDay, from, to } = FOLLOW_UP_SCHEDULE[position]!
    const due = performedDay + dueDay
    const windowStart = performedDay + from
    const windowEnd = performedDay + to
    let planned: number | null
    if (position === 0) {
      planned = performedDay - randomInt(random, 0, Math.min(-from, performedDay - bookedDay))
    } else if (position === 1) {
      planned = checkedDay
    } else {
      planned =
        due + randomInt(random, Math.ceil((from - dueDay) / 2), Math.floor((to - dueDay) / 2))
      if (closedDay !== null) planned = Math.max(windowStart, Math.min(planned, closedDay))
    }
    const assessed =
      planned !== null &&
      planned <= todayDay &&
      (lostDay === null || planned < lostDay) &&
      (position <= 1 || closedDay !== null || random() < ASSESSED_SHARE)
    const row: GeneratedFollowUp = {
      id: childUuid(patientId, FOLLOW_UP_ID_KIND, position),
      patientId,
      procedureId,
      timepoint,
      dueOn: isoDay(due),
      windowStart: isoDay(windowStart),
      windowEnd: isoDay(windowEnd),
      assessedOn: null,
      painNrs: null,
      odi: null,
      rmdq: null,
      analgesicUse: null,
      mobility: null,
      newFracture: null,
      kyphoticAngleDeg: null,
      note: null,
      recordedBy: null,
    }
    // Checked again: TypeScript does not narrow a `let` through the alias.
    if (assessed && planned !== null) {
      const curve = RELIEF_CURVE[position] ?? 1
      const painNrs = clamp(
        Math.round(basePain * (1 - Math.min(0.95, relief * curve)) + (random() - 0.5)),
        0,
        10,
      )
      const disability = 1 - Math.min(0.95, disabilityRelief * curve)
      // Scatter between visits; baseline scores stay the ones drawn above.
      const jitter = position === 0 ? 0 : random() - 0.5
      row.assessedOn = isoDay(planned)
      row.painNrs = painNrs
      row.odi = clamp(Math.round(baseOdi * disability + jitter * 6), 0, 100)
      row.rmdq =
        baseRmdq === null ? null : clamp(Math.round(baseRmdq * disability + jitter * 2), 0, 24)
      row.analgesicUse = analgesicFor(random, painNrs)
      row.mobility = mobilityFor(random, painNrs)
      // Reported once, at the first visit after the adverse event recorded it.
      const newFracture: boolean =
        position > 0 && !fractureReported && newFractureDay !== null && planned >= newFractureDay
      fractureReported ||= newFracture
      row.newFracture = newFracture
      if (random() < FOLLOW_UP_ANGLE_SHARE) {
        // Baseline shows the fracture; later films the treated level, settling a little.
        row.kyphoticAngleDeg =
          position === 0 ? draw.angleBefore : roundTo(draw.angleAfter + random() * 1.5, 1)
      }
    } else if (windowEnd >= todayDay && (nextDueDay === null || due < nextDueDay)) {
      nextDueDay = due
    }
    followUps.push(row)
  }
  return { followUps, nextDueDay }
}

function analgesicFor(random: Random, painNrs: number): AnalgesicUse {
  if (painNrs >= 6) return random() < 0.75 ? 'opioid' : 'non_opioid'
  if (painNrs >= 3) return random() < 0.2 ? 'opioid' : 'non_opioid'
  return random() < 0.3 ? 'non_opioid' : 'none'
}

function mobilityFor(random: Random, painNrs: number): Mobility {
  if (painNrs >= 8) return random() < 0.3 ? 'bedbound' : 'assisted'
  if (painNrs >= 5) return 'assisted'
  if (painNrs >= 3) return random() < 0.4 ? 'assisted' : 'independent'
  return 'independent'
}
