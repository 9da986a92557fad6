import { differenceInYears, format, isValid, parseISO } from 'date-fns'

/** Today's date (yyyy-mm-dd) in the server's time zone (set TZ to the clinic's). */
export function todayIso(now: Date = new Date()): string {
  return format(now, 'yyyy-MM-dd')
}

export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && isValid(parseISO(value))
}

/** Whole years between a date of birth and today. */
export function ageOn(dateOfBirth: string, today: string = todayIso()): number {
  return differenceInYears(parseISO(today), parseISO(dateOfBirth))
}
