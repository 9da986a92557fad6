import { tz } from '@date-fns/tz'
import { addDays, format, isValid, parse, parseISO } from 'date-fns'

// The clinic's calendar and clock. Instants are stored in UTC; every date-time a member types
// or reads is in the clinic's time zone (AUGMENT_TIME_ZONE, read on the server by
// `clinicTimeZone()` in db/time-zone.ts and handed to these functions). Pure and free of the
// server's settings, so client forms use the same functions with the zone they were given.

/** "Mon 7 Dec 2026, 08:30": the one way a date-time is shown. */
const DATE_TIME = 'EEE d MMM yyyy, HH:mm'
/** "Mon 7 Dec 2026": the one way a calendar date is shown. */
const DATE = 'EEE d MMM yyyy'
const INPUT = "yyyy-MM-dd'T'HH:mm"

/** A date-time in the clinic's zone, e.g. "Mon 7 Dec 2026, 08:30". */
export function formatDateTime(value: Date, zone: string): string {
  return format(value, DATE_TIME, { in: tz(zone) })
}

/** A date-time to the second (the audit log), e.g. "Mon 7 Dec 2026, 08:30:05". */
export function formatDateTimeSeconds(value: Date, zone: string): string {
  return format(value, `${DATE_TIME}:ss`, { in: tz(zone) })
}

/** The clock time alone, e.g. "08:30". */
export function formatTime(value: Date, zone: string): string {
  return format(value, 'HH:mm', { in: tz(zone) })
}

/** A calendar date (yyyy-mm-dd, as stored), e.g. "Mon 7 Dec 2026". No zone: a date is a date. */
export function formatDate(isoDate: string): string {
  const day = parseISO(isoDate)
  return isValid(day) ? format(day, DATE) : isoDate
}

/** The clinic's calendar day (yyyy-mm-dd) of an instant. */
export function calendarDay(value: Date, zone: string): string {
  return format(value, 'yyyy-MM-dd', { in: tz(zone) })
}

/** A calendar date (yyyy-mm-dd) `days` later (or earlier, when negative). */
export function addCalendarDays(isoDate: string, days: number): string {
  return format(addDays(parseISO(isoDate), days), 'yyyy-MM-dd')
}

/** The instant a clinic calendar day (yyyy-mm-dd) starts, and the next day's start. */
export function dayBounds(isoDate: string, zone: string): { start: Date; end: Date } {
  const start = parse(isoDate, 'yyyy-MM-dd', new Date(), { in: tz(zone) })
  return { start: new Date(start.getTime()), end: new Date(addDays(start, 1).getTime()) }
}

/** An instant as a datetime-local input's value (yyyy-mm-ddThh:mm) in the clinic's zone. */
export function toDateTimeInput(value: Date, zone: string): string {
  return format(value, INPUT, { in: tz(zone) })
}

/**
 * A datetime-local value (yyyy-mm-ddThh:mm) read as the clinic's wall clock. `null` when it is
 * not a date and time, or names a time the clocks skip (the hour lost when summer time starts);
 * an hour that happens twice (when it ends) is read as its first occurrence.
 */
export function readDateTimeInput(value: string, zone: string): Date | null {
  const typed = value.trim()
  // Browsers may send seconds; the clinic's clock is read to the minute.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(typed)) return null
  const text = typed.slice(0, 16)
  const read = parse(text, INPUT, new Date(), { in: tz(zone) })
  if (!isValid(read) || toDateTimeInput(read, zone) !== text) return null
  // In the repeated hour the parser may pick either occurrence: take the first, whichever it
  // picked (clocks go back by an hour, or half an hour on Lord Howe Island).
  for (const minutes of [60, 30]) {
    const earlier = new Date(read.getTime() - minutes * 60_000)
    if (toDateTimeInput(earlier, zone) === text) return earlier
  }
  return new Date(read.getTime())
}

/**
 * Whether a datetime-local value is a real calendar date and time that `zone` skips (the hour
 * lost when summer time starts), as opposed to no date and time at all.
 */
export function isSkippedTime(value: string, zone: string): boolean {
  return readDateTimeInput(value, 'UTC') !== null && readDateTimeInput(value, zone) === null
}
