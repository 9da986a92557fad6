import { differenceInCalendarDays, parseISO } from 'date-fns'
import { and, asc, count, eq, gte, isNull, lt, lte } from 'drizzle-orm'
import type { Database } from '@/db/client'
import { followUps, patients, type FollowUpTimepoint } from '@/db/schema'
import { addCalendarDays } from '@/lib/clinic-time'
import { assignedTo, visibleTo } from '@/lib/commands/record-visibility'
import { followUpSchedule } from './rules'

// "Follow-ups due" (docs/clinical-definitions.md#follow-ups-due): open assessments due within 7
// days or overdue but still in their window. Pure SQL on follow_ups_open_due_idx; the caller
// authorizes.

export interface FollowUpDueRow {
  id: string
  procedureId: string
  patientId: string
  patient: string
  mrn: string
  timepoint: FollowUpTimepoint
  dueOn: string
  windowEnd: string
  /** Past its due date (still inside its window). */
  overdue: boolean
}

export const DUE_WITHIN_DAYS = 7

// The widest gap between a due date and its window's end in the schedule (12 months: 35 days).
// An open follow-up due before today minus this gap has a closed window, so bounding due_on
// below keeps the index range scan short even as missed follow-ups pile up.
const MAX_DAYS_WINDOW_AFTER_DUE = Math.max(
  ...followUpSchedule('2000-01-01').map(({ dueOn, windowEnd }) =>
    differenceInCalendarDays(parseISO(windowEnd), parseISO(dueOn)),
  ),
)

/** Who is looking, and (the Overview's "Mine") whose patients only. */
export interface FollowUpViewer {
  viewerId: string
  physicianId?: string
}

function dueFilter(
  today: string,
  { viewerId, physicianId }: FollowUpViewer,
  { overdueOnly = false } = {},
) {
  return and(
    visibleTo(followUps.patientId, viewerId),
    physicianId ? assignedTo(followUps.patientId, physicianId) : undefined,
    isNull(followUps.assessedOn),
    gte(followUps.dueOn, addCalendarDays(today, -MAX_DAYS_WINDOW_AFTER_DUE)),
    overdueOnly
      ? lt(followUps.dueOn, today)
      : lte(followUps.dueOn, addCalendarDays(today, DUE_WITHIN_DAYS)),
    gte(followUps.windowEnd, today),
  )
}

/**
 * Open follow-ups due by `today` + 7 days (or, `overdueOnly`, before today) and not missed, oldest
 * due first, and their total, without the restricted records `viewerId` may not see.
 */
export async function queryFollowUpsDue(
  db: Database,
  {
    today,
    limit,
    overdueOnly,
    ...viewer
  }: { today: string; limit: number; overdueOnly?: boolean } & FollowUpViewer,
): Promise<{ rows: FollowUpDueRow[]; total: number }> {
  const where = dueFilter(today, viewer, { overdueOnly })
  const [rows, [counted]] = await Promise.all([
    db
      .select({
        id: followUps.id,
        procedureId: followUps.procedureId,
        patientId: followUps.patientId,
        firstName: patients.firstName,
        lastName: patients.lastName,
        mrn: patients.mrn,
        timepoint: followUps.timepoint,
        dueOn: followUps.dueOn,
        windowEnd: followUps.windowEnd,
      })
      .from(followUps)
      .innerJoin(patients, eq(patients.id, followUps.patientId))
      .where(where)
      .orderBy(asc(followUps.dueOn), asc(followUps.id))
      .limit(limit),
    db.select({ n: count() }).from(followUps).where(where),
  ])
  return {
    rows: rows.map(({ firstName, lastName, ...row }) => ({
      ...row,
      patient: `${lastName}, ${firstName}`,
      overdue: row.dueOn < today,
    })),
    total: counted?.n ?? 0,
  }
}

/** How many open follow-ups are past their due date and still in their window (overdue). */
export async function countOverdueFollowUps(
  db: Database,
  today: string,
  viewer: FollowUpViewer,
): Promise<number> {
  const [counted] = await db
    .select({ n: count() })
    .from(followUps)
    .where(dueFilter(today, viewer, { overdueOnly: true }))
  return counted?.n ?? 0
}
