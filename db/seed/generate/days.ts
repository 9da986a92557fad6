import { type Random, randomInt } from './random'

export const DAY_MS = 24 * 60 * 60 * 1000

export function startOfUtcDay(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()))
}

export function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * DAY_MS)
}

/** Whole days from `earlier` to `later`, both UTC midnights. */
export function daysFrom(earlier: Date, later: Date): number {
  return Math.round((later.getTime() - earlier.getTime()) / DAY_MS)
}

/** A time between 08:00 and 17:59 UTC on the given day. */
export function duringBusinessHours(random: Random, day: Date): Date {
  return new Date(day.getTime() + (8 * 60 + randomInt(random, 0, 599)) * 60_000)
}

// Hand-formatted: toISOString is several times slower, and this runs three times per patient.
export function isoDate(day: Date): string {
  const month = day.getUTCMonth() + 1
  const date = day.getUTCDate()
  return `${day.getUTCFullYear()}-${month < 10 ? '0' : ''}${month}-${date < 10 ? '0' : ''}${date}`
}

/** Whole days since 1970-01-01 of the instant's UTC date. */
export function dayNumber(instant: Date): number {
  return Math.floor(instant.getTime() / DAY_MS)
}

// Follow-ups need three dates each from a few thousand distinct days, so each is formatted once.
const ISO_DAYS = new Map<number, string>()

/** The yyyy-mm-dd of a day number. */
export function isoDay(day: number): string {
  let iso = ISO_DAYS.get(day)
  if (iso === undefined) {
    iso = isoDate(new Date(day * DAY_MS))
    ISO_DAYS.set(day, iso)
  }
  return iso
}
