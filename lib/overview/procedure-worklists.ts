import { and, asc, count, eq, gte, inArray, isNull, lt, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Database } from '@/db/client'
import {
  patients,
  procedures,
  type OvernightReason,
  type ProcedureStatus,
  type ProcedureType,
} from '@/db/schema'
import { addCalendarDays, calendarDay, dayBounds } from '@/lib/clinic-time'
import { visibleTo } from '@/lib/commands/record-visibility'
import { clinicTimeZone } from '@/lib/env'
import { awaitingCompletion } from '@/lib/procedures/list-query'

export interface ProcedureWorklistRow {
  patientId: string
  firstName: string
  lastName: string
  mrn: string
  type: ProcedureType
  status: ProcedureStatus
  at: Date
  levels: string[]
  procedureId: string
  version: number
  overnightReason: OvernightReason | null
}

/** Who is looking, and (the Overview's "Mine") the physician whose procedures only. */
export interface WorklistViewer {
  viewerId: string
  physicianId?: string
}

/** The first `limit` procedures matching `where` by `at` (oldest first), and how many match. */
async function procedureWorklist(
  db: Database,
  where: SQL | undefined,
  at: AnyPgColumn,
  limit: number,
  { viewerId, physicianId }: WorklistViewer,
) {
  const visible = and(
    visibleTo(procedures.patientId, viewerId),
    physicianId ? eq(procedures.physicianId, physicianId) : undefined,
    where,
  )
  const [rows, [total]] = await Promise.all([
    db
      .select({
        patientId: procedures.patientId,
        firstName: patients.firstName,
        lastName: patients.lastName,
        mrn: patients.mrn,
        type: procedures.type,
        status: procedures.status,
        levels: procedures.plannedLevels,
        procedureId: procedures.id,
        version: procedures.version,
        overnightReason: procedures.overnightReason,
        at,
      })
      .from(procedures)
      .innerJoin(patients, eq(patients.id, procedures.patientId))
      .where(visible)
      .orderBy(asc(at), asc(procedures.id))
      .limit(limit),
    db.select({ n: count() }).from(procedures).where(visible),
  ])
  return {
    rows: rows.map((row) => ({ ...row, at: row.at as Date })) satisfies ProcedureWorklistRow[],
    total: total?.n ?? 0,
  }
}

/** The start of the clinic's day `days` from the one `now` falls in. */
function clinicDayStart(now: Date, days: number): Date {
  const zone = clinicTimeZone()
  return dayBounds(addCalendarDays(calendarDay(now, zone), days), zone).start
}

/**
 * Procedures in `statuses` booked from the start of the clinic's today for `days` days, by
 * booked time (callers authorize).
 */
const bookedFromToday =
  (days: number, statuses: ProcedureStatus[]) =>
  (db: Database, now: Date, limit: number, viewer: WorklistViewer) =>
    procedureWorklist(
      db,
      and(
        inArray(procedures.status, statuses),
        gte(procedures.scheduledAt, clinicDayStart(now, 0)),
        lt(procedures.scheduledAt, clinicDayStart(now, days)),
      ),
      procedures.scheduledAt,
      limit,
      viewer,
    )

/** Procedures scheduled from the clinic's today through the next 7 days, soonest first. */
export const queryScheduledThisWeek = bookedFromToday(8, ['scheduled'])

/** The clinic's today in the room: bookings still to do and those done, by time. */
export const queryProceduresToday = bookedFromToday(1, ['scheduled', 'completed'])

/** Bookings that ended without completion, the oldest first (callers authorize). */
export const queryNeedsCompletion = (
  db: Database,
  now: Date,
  limit: number,
  viewer: WorklistViewer,
) => procedureWorklist(db, awaitingCompletion(now), procedures.scheduledAt, limit, viewer)

/**
 * The overnight census: patients kept for observation after a procedure whose discharge is not
 * recorded yet, however long ago (procedures_on_ward_idx), the longest stay first.
 */
export const queryOvernightTonight = (db: Database, limit: number, viewer: WorklistViewer) =>
  procedureWorklist(
    db,
    and(
      eq(procedures.status, 'completed'),
      eq(procedures.disposition, 'overnight'),
      isNull(procedures.dischargedAt),
    ),
    procedures.performedAt,
    limit,
    viewer,
  )
