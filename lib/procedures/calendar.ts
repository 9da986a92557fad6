import 'server-only'
import { and, asc, eq, inArray } from 'drizzle-orm'
import { getDb, type Database } from '@/db/client'
import { patients, procedures, staff, type ProcedureType } from '@/db/schema'
import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import { dayBounds, formatDate, formatTime } from '@/lib/clinic-time'
import { visibleTo } from '@/lib/commands/record-visibility'
import { todayIso } from '@/lib/dates'
import { clinicTimeZone } from '@/lib/env'
import { bookedWithin } from './bookings'
import { calendarDays, type CalendarParams } from './calendar-params'
import { layoutLanes } from './calendar-layout'
import { bookingEnd } from './rules'

/** A booking as the calendar draws it: times on the clinic's clock, its place on the day's grid. */
export interface CalendarBooking {
  procedureId: string
  patientId: string
  patient: string
  mrn: string
  type: ProcedureType
  levels: string
  physician: string
  status: 'scheduled' | 'completed'
  /** "08:30", "09:30" */
  start: string
  end: string
  /** Minutes since the clinic's midnight, clipped to the day. */
  startMinute: number
  endMinute: number
  lane: number
  lanes: number
}

export interface CalendarDay {
  /** yyyy-mm-dd */
  date: string
  /** "Mon 7 Dec 2026" */
  label: string
  isToday: boolean
  bookings: CalendarBooking[]
}

export interface ProcedureCalendar {
  date: string
  days: CalendarDay[]
  /** The grid's first and last hour: working hours, widened to fit every booking. */
  firstHour: number
  lastHour: number
}

const WORKING_HOURS = { first: 7, last: 19 }

/** Scheduled and completed bookings that touch [start, end), for visible patients (callers authorize). */
async function readBookings(
  db: Database,
  range: { start: Date; end: Date },
  physicianId: string | undefined,
  viewerId: string,
) {
  return db
    .select({
      procedureId: procedures.id,
      patientId: procedures.patientId,
      firstName: patients.firstName,
      lastName: patients.lastName,
      mrn: patients.mrn,
      type: procedures.type,
      plannedLevels: procedures.plannedLevels,
      physician: staff.name,
      status: procedures.status,
      scheduledAt: procedures.scheduledAt,
      durationMinutes: procedures.durationMinutes,
    })
    .from(procedures)
    .innerJoin(patients, eq(patients.id, procedures.patientId))
    .innerJoin(staff, eq(staff.id, procedures.physicianId))
    .where(
      and(
        inArray(procedures.status, ['scheduled', 'completed']),
        bookedWithin(range),
        physicianId ? eq(procedures.physicianId, physicianId) : undefined,
        visibleTo(procedures.patientId, viewerId),
      ),
    )
    .orderBy(asc(procedures.scheduledAt), asc(procedures.id))
}

/** The procedure calendar for a day or a week (clinical roles). */
export async function procedureCalendar(params: CalendarParams): Promise<ProcedureCalendar> {
  const me = await requireRole(...CLINICAL_ROLES)
  const zone = clinicTimeZone()
  const today = todayIso()
  const date = params.date ?? today
  const dates = calendarDays(params.span, date)
  const bounds = dates.map((day) => ({ day, ...dayBounds(day, zone) }))
  const rows = await readBookings(
    await getDb(),
    { start: bounds[0]!.start, end: bounds.at(-1)!.end },
    params.physician,
    me.id,
  )
  const minuteOf = (instant: Date, dayStart: Date) =>
    Math.round((instant.getTime() - dayStart.getTime()) / 60_000)
  const days = bounds.map(({ day, start, end }) => {
    const blocks = rows
      .filter(
        (row) => row.scheduledAt < end && bookingEnd(row.scheduledAt, row.durationMinutes) > start,
      )
      .map((row): Omit<CalendarBooking, 'lane' | 'lanes'> => {
        const ends = bookingEnd(row.scheduledAt, row.durationMinutes)
        const dayLength = minuteOf(end, start)
        return {
          procedureId: row.procedureId,
          patientId: row.patientId,
          patient: `${row.lastName}, ${row.firstName}`,
          mrn: row.mrn,
          type: row.type,
          levels: row.plannedLevels.join(', '),
          physician: row.physician,
          status: row.status as CalendarBooking['status'],
          start: formatTime(row.scheduledAt, zone),
          end: formatTime(ends, zone),
          startMinute: Math.max(0, minuteOf(row.scheduledAt, start)),
          endMinute: Math.min(dayLength, minuteOf(ends, start)),
        }
      })
    return {
      date: day,
      label: formatDate(day),
      isToday: day === today,
      bookings: layoutLanes(blocks),
    }
  })
  const all = days.flatMap((day) => day.bookings)
  return {
    date,
    days,
    firstHour: Math.min(WORKING_HOURS.first, ...all.map((b) => Math.floor(b.startMinute / 60))),
    lastHour: Math.max(WORKING_HOURS.last, ...all.map((b) => Math.ceil(b.endMinute / 60))),
  }
}
