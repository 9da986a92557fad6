import 'server-only'
import { startOfMinute } from 'date-fns'
import { and, asc, eq, gt, lt, ne, sql, type SQL } from 'drizzle-orm'
import type { Transaction } from '@/db/client'
import { MAX_BOOKING_MINUTES, patients, procedures, staff } from '@/db/schema'
import { fieldError, refused, INVALID_FIELDS_MESSAGE, type Refusal } from '@/lib/action-result'
import { formatDateTime, formatTime } from '@/lib/clinic-time'
import { visibleTo } from '@/lib/commands/record-visibility'
import { clinicTimeZone } from '@/lib/env'
import { bookingEnd } from './rules'

// The rules of the procedure room's book (docs/clinic-day.md#bookings): no booking starts in the
// past, and a physician's bookings do not overlap unless the physician agreed to double-book.

/** A class of advisory locks, one per physician: bookings of one physician are decided in turn. */
const PHYSICIAN_BOOKING_LOCK = 73_112_031

/**
 * Bookings that share a minute with [start, end). Bounded on both sides by scheduled_at (no
 * booking is longer than MAX_BOOKING_MINUTES), so an index on scheduled_at reads a few rows.
 */
export function bookedWithin(range: { start: Date; end: Date }): SQL {
  return and(
    gt(procedures.scheduledAt, new Date(range.start.getTime() - MAX_BOOKING_MINUTES * 60_000)),
    lt(procedures.scheduledAt, range.end),
    sql`${procedures.scheduledAt} + make_interval(mins => ${procedures.durationMinutes}) > ${range.start}`,
  )!
}

export interface Booking {
  physicianId: string
  scheduledAt: Date
  durationMinutes: number
  /** The physician agreed to overlap another booking of theirs. */
  doubleBook: boolean
  /** A procedure done before it was booked: its time must have passed. */
  alreadyPerformed?: boolean
}

/** A booking that passed the rules; `doubleBookedWith` names the procedures it overlaps (audited). */
export type CheckedBooking = { ok: true; doubleBookedWith: string[] } | Refusal

/**
 * Checks a new booking, or a scheduled procedure's new plan (`moving`: its id and the start it
 * has now). Takes the physician's booking lock until the transaction ends, so of two bookings
 * of one slot made at once, the second sees the first.
 */
export async function checkBooking(
  tx: Transaction,
  viewerId: string,
  booking: Booking,
  moving?: { procedureId: string; scheduledAt: Date },
  now: Date = new Date(),
): Promise<CheckedBooking> {
  const startMoved = moving?.scheduledAt.getTime() !== booking.scheduledAt.getTime()
  const past = booking.scheduledAt < startOfMinute(now)
  if (booking.alreadyPerformed && !past) {
    return fieldError(
      'scheduledAt',
      'A procedure already performed was done before now: enter the time it was performed, or untick "Already performed" to book it.',
    )
  }
  if (startMoved && past && !booking.alreadyPerformed) {
    return fieldError(
      'scheduledAt',
      moving
        ? 'This time has passed: choose a time from now on. A procedure already done is completed with the time it was performed.'
        : 'This time has passed: choose a time from now on, or tick "Already performed" to record a procedure done before it was booked.',
    )
  }
  await tx.execute(
    sql`select pg_advisory_xact_lock(${PHYSICIAN_BOOKING_LOCK}, hashtext(${booking.physicianId}))`,
  )
  const overlapping = await tx
    .select({
      id: procedures.id,
      scheduledAt: procedures.scheduledAt,
      durationMinutes: procedures.durationMinutes,
      firstName: patients.firstName,
      lastName: patients.lastName,
      mrn: patients.mrn,
      visible: sql<boolean>`${visibleTo(procedures.patientId, viewerId)}`,
      physician: staff.name,
    })
    .from(procedures)
    .innerJoin(patients, eq(patients.id, procedures.patientId))
    .innerJoin(staff, eq(staff.id, procedures.physicianId))
    .where(
      and(
        eq(procedures.physicianId, booking.physicianId),
        eq(procedures.status, 'scheduled'),
        bookedWithin({
          start: booking.scheduledAt,
          end: bookingEnd(booking.scheduledAt, booking.durationMinutes),
        }),
        moving ? ne(procedures.id, moving.procedureId) : undefined,
      ),
    )
    .orderBy(asc(procedures.scheduledAt))
  const first = overlapping[0]
  if (!first) return { ok: true, doubleBookedWith: [] }
  if (booking.doubleBook) return { ok: true, doubleBookedWith: overlapping.map((row) => row.id) }
  const zone = clinicTimeZone()
  // A restricted record the member may not open is not named.
  const patient = first.visible
    ? `${first.lastName}, ${first.firstName} (${first.mrn})`
    : 'a patient whose record is restricted'
  const when = `${formatDateTime(first.scheduledAt, zone)}–${formatTime(bookingEnd(first.scheduledAt, first.durationMinutes), zone)}`
  const others = overlapping.length > 1 ? ` and ${overlapping.length - 1} more` : ''
  return refused(INVALID_FIELDS_MESSAGE, {
    fieldErrors: {
      scheduledAt: [`${first.physician} is already booked with ${patient}, ${when}${others}.`],
      doubleBook: ['Choose another time, or tick Double-book to book both.'],
    },
  })
}
