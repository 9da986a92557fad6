import { followUpTimepoints, type FollowUpTimepoint } from '@/db/schema'
import { addCalendarDays } from '@/lib/clinic-time'

// The labels live apart so client components can have them without date-fns; lib/outcomes
// still imports them from here.
export { TIMEPOINT_LABELS } from './labels'

export const TIMEPOINTS = followUpTimepoints
export type Timepoint = FollowUpTimepoint

/**
 * Days from the procedure to each assessment, and the window in which it counts (the trials'
 * schedule: EVOLVE, FREE, INVEST). Baseline is taken before the procedure, up to 30 days ahead.
 */
const SCHEDULE: Record<Timepoint, { dueDay: number; from: number; to: number }> = {
  baseline: { dueDay: 0, from: -30, to: 0 },
  h48: { dueDay: 2, from: 1, to: 4 },
  d7: { dueDay: 7, from: 5, to: 14 },
  m1: { dueDay: 30, from: 21, to: 45 },
  m3: { dueDay: 91, from: 75, to: 120 },
  m6: { dueDay: 182, from: 150, to: 210 },
  m12: { dueDay: 365, from: 330, to: 400 },
}

export interface ScheduledFollowUp {
  timepoint: Timepoint
  dueOn: string
  windowStart: string
  windowEnd: string
}

/** The follow-up schedule for a procedure performed on `procedureDate` (yyyy-mm-dd). */
export function followUpSchedule(procedureDate: string): ScheduledFollowUp[] {
  return TIMEPOINTS.map((timepoint) => {
    const { dueDay, from, to } = SCHEDULE[timepoint]
    return {
      timepoint,
      dueOn: addCalendarDays(procedureDate, dueDay),
      windowStart: addCalendarDays(procedureDate, from),
      windowEnd: addCalendarDays(procedureDate, to),
    }
  })
}

export type FollowUpState = 'completed' | 'missed' | 'overdue' | 'due' | 'upcoming'

/**
 * Where an assessment stands on `today`: done; missed once its window has closed; overdue past
 * its due date; due within the next 7 days; otherwise upcoming.
 */
export function followUpState(
  followUp: { dueOn: string; windowEnd: string; assessedOn: string | null },
  today: string,
): FollowUpState {
  if (followUp.assessedOn) return 'completed'
  if (followUp.windowEnd < today) return 'missed'
  if (followUp.dueOn < today) return 'overdue'
  return followUp.dueOn <= addCalendarDays(today, 7) ? 'due' : 'upcoming'
}

/**
 * Oswestry Disability Index from its ten section answers (each 0–5, unanswered sections left
 * out): sum ÷ (5 × sections answered) × 100, rounded to a whole percentage. Null when fewer
 * than nine sections are answered, as the ODI's scoring guidance allows one missing section.
 */
export function odiScore(answers: readonly (number | null)[]): number | null {
  if (answers.length !== 10) throw new RangeError('The ODI has ten sections')
  const answered = answers.filter((value): value is number => value !== null)
  if (answered.some((value) => !Number.isInteger(value) || value < 0 || value > 5)) {
    throw new RangeError('Each ODI section is scored 0 to 5')
  }
  if (answered.length < 9) return null
  const sum = answered.reduce((total, value) => total + value, 0)
  return Math.round((sum / (5 * answered.length)) * 100)
}
