import { differenceInYears, isValid, parseISO } from 'date-fns'
import { calendarDay } from '@/lib/clinic-time'
import { clinicTimeZone } from '@/lib/env'

/** Today's date (yyyy-mm-dd) in the clinic's time zone. */
export function todayIso(now: Date = new Date(), zone: string = clinicTimeZone()): string {
  return calendarDay(now, zone)
}

export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && isValid(parseISO(value))
}

/** Whole years between a date of birth and today. */
export function ageOn(dateOfBirth: string, today: string = todayIso()): number {
  return differenceInYears(parseISO(today), parseISO(dateOfBirth))
}
