import { clsx } from 'clsx'
import Link from 'next/link'
import type { CSSProperties } from 'react'
import type { CalendarBooking, CalendarDay, ProcedureCalendar } from '@/lib/procedures/calendar'
import { PROCEDURE_LABELS } from '@/lib/procedures/labels'

/**
 * The procedure room's day or week: one column per day, each booking a block at its time and
 * length, overlapping ones side by side. Each day is also an ordered list of links (its bookings
 * in time order), which is what a keyboard or a screen reader walks, and what a phone shows.
 */
export function ProcedureCalendarGrid({
  calendar,
  showPhysician,
}: {
  calendar: ProcedureCalendar
  /** All physicians shown: each block names its physician. */
  showPhysician: boolean
}) {
  const hours = Array.from(
    { length: calendar.lastHour - calendar.firstHour },
    (_, index) => calendar.firstHour + index,
  )
  const span = (calendar.lastHour - calendar.firstHour) * 60
  const week = calendar.days.length > 1
  // rem per hour: a day has room for three lines in an hour's block.
  const hourHeight = week ? 3.5 : 4.5
  return (
    <div className="flex gap-2 overflow-x-auto rounded-xl border border-slate-200 bg-white p-3">
      {/* Hour labels beside the grid, from 640 px up. */}
      <div aria-hidden="true" className="hidden w-12 shrink-0 pt-10 sm:block">
        <div className="relative" style={{ height: `${hours.length * hourHeight}rem` }}>
          {hours.map((hour, index) => (
            <span
              key={hour}
              className="absolute -translate-y-2 text-xs text-slate-600 tabular-nums"
              style={{ top: `${(index / hours.length) * 100}%` }}
            >
              {String(hour).padStart(2, '0')}:00
            </span>
          ))}
        </div>
      </div>
      <div
        // On a phone the days stack as lists; from 640 px up, a week is seven columns.
        className={clsx(
          'grid flex-1 grid-cols-1 gap-4',
          week && 'sm:min-w-[56rem] sm:grid-cols-7 sm:gap-2',
        )}
      >
        {calendar.days.map((day) => (
          <DayColumn
            key={day.date}
            day={day}
            hours={hours.length}
            hourHeight={hourHeight}
            firstMinute={calendar.firstHour * 60}
            span={span}
            compact={week}
            showPhysician={showPhysician}
          />
        ))}
      </div>
    </div>
  )
}

function DayColumn({
  day,
  hours,
  hourHeight,
  firstMinute,
  span,
  compact,
  showPhysician,
}: {
  day: CalendarDay
  hours: number
  hourHeight: number
  firstMinute: number
  span: number
  compact: boolean
  showPhysician: boolean
}) {
  const headingId = `calendar-day-${day.date}`
  return (
    <section aria-labelledby={headingId} className="flex min-w-0 flex-col gap-2">
      <h2
        id={headingId}
        className={clsx(
          'h-8 truncate rounded-md px-2 py-1 text-sm font-semibold',
          day.isToday ? 'bg-brand-600 text-white' : 'text-slate-900',
        )}
      >
        {day.label}
        {day.isToday ? <span className="sr-only"> (today)</span> : null}
      </h2>
      {day.bookings.length === 0 ? (
        <p className="text-sm text-slate-600 sm:hidden">No bookings.</p>
      ) : null}
      <ol
        aria-label={`Bookings on ${day.label}`}
        className="relative flex flex-col gap-2 sm:block sm:border-t sm:border-slate-200"
        style={{ '--calendar-height': `${hours * hourHeight}rem` } as CSSProperties}
      >
        {/* Hour lines. */}
        {Array.from({ length: hours }, (_, index) => (
          <li
            key={`line-${index}`}
            aria-hidden="true"
            className="pointer-events-none absolute inset-x-0 hidden border-t border-slate-100 sm:block"
            style={{ top: `${(index / hours) * 100}%` }}
          />
        ))}
        <li aria-hidden="true" className="hidden sm:block sm:h-[var(--calendar-height)]" />
        {day.bookings.map((booking) => (
          <BookingBlock
            key={`${booking.procedureId}-${day.date}`}
            booking={booking}
            style={{
              '--top': `${((booking.startMinute - firstMinute) / span) * 100}%`,
              '--height': `${(Math.max(booking.endMinute - booking.startMinute, 15) / span) * 100}%`,
              '--left': `${(booking.lane / booking.lanes) * 100}%`,
              '--width': `${100 / booking.lanes}%`,
            }}
            compact={compact}
            showPhysician={showPhysician}
          />
        ))}
      </ol>
    </section>
  )
}

function BookingBlock({
  booking,
  style,
  compact,
  showPhysician,
}: {
  booking: CalendarBooking
  style: Record<string, string>
  compact: boolean
  showPhysician: boolean
}) {
  const completed = booking.status === 'completed'
  const what = `${PROCEDURE_LABELS[booking.type]} ${booking.levels}`
  return (
    <li
      className="sm:absolute sm:top-[var(--top)] sm:left-[var(--left)] sm:h-[var(--height)] sm:w-[var(--width)] sm:p-0.5"
      style={style as CSSProperties}
    >
      <Link
        href={`/candidates/${booking.patientId}`}
        className={clsx(
          'flex h-full flex-col overflow-hidden rounded-md border-l-4 px-2 py-1 text-xs leading-snug focus-visible:z-10 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-brand-700',
          booking.type === 'kyphoplasty'
            ? 'border-violet-600 bg-violet-50 text-violet-950 hover:bg-violet-100'
            : 'border-sky-600 bg-sky-50 text-sky-950 hover:bg-sky-100',
          completed && 'opacity-75',
        )}
        title={`${booking.start}–${booking.end} ${booking.patient} (${booking.mrn}) · ${what} · ${booking.physician}`}
      >
        <span className="font-semibold tabular-nums">
          {booking.start}
          {/* A week's narrow blocks show the start; the end is still read out. */}
          <span className={compact ? 'sr-only' : undefined}>–{booking.end}</span>
          {completed ? (
            <>
              <span aria-hidden="true"> ✓</span>
              <span className="sr-only"> completed</span>
            </>
          ) : null}
        </span>
        <span className="truncate font-medium">{booking.patient}</span>
        {/* A week's narrow blocks show time and patient; the rest is read out and in the title. */}
        <span className={compact ? 'sr-only' : 'truncate'}>
          {what} · {booking.mrn}
        </span>
        {showPhysician ? (
          <span className={compact ? 'sr-only' : 'truncate'}>{booking.physician}</span>
        ) : null}
      </Link>
    </li>
  )
}
