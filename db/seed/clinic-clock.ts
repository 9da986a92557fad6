// The synthetic clinic is generated on a wall clock kept in each Date's UTC fields (08:30 "UTC"
// means 08:30 at the clinic), so the generator stays zone-free and fast. Before loading, each
// time becomes the instant that wall-clock time names in the clinic's zone: procedures happen in
// its working hours, and its calendar days are the generator's days.

const HOUR_MS = 3_600_000

/** Minutes `zone` is ahead of UTC at `instant`. */
function offsetMinutes(zone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(instant)
  const part = (type: string) => Number(parts.find((p) => p.type === type)!.value)
  const wallClock = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
  )
  return Math.round((wallClock - Math.floor(instant / 60_000) * 60_000) / 60_000)
}

/**
 * Converts wall-clock Dates to instants in `zone`, with the zone's offset looked up once per
 * hour. A time in the hour skipped when summer time starts moves forward by that hour.
 */
export function clinicClock(zone: string): (wallClock: Date) => Date {
  const offsets = new Map<number, number>()
  const offsetAt = (instant: number) => {
    const hour = Math.floor(instant / HOUR_MS)
    let offset = offsets.get(hour)
    if (offset === undefined) offsets.set(hour, (offset = offsetMinutes(zone, hour * HOUR_MS)))
    return offset
  }
  return (wallClock) => {
    const guess = wallClock.getTime() - offsetAt(wallClock.getTime()) * 60_000
    return new Date(wallClock.getTime() - offsetAt(guess) * 60_000)
  }
}

/** The row with each Date field moved from the wall clock to its instant. */
export function onClinicClock<T extends object>(row: T, toInstant: (wallClock: Date) => Date): T {
  const moved: Record<string, unknown> = { ...(row as Record<string, unknown>) }
  for (const [key, value] of Object.entries(moved)) {
    if (value instanceof Date) moved[key] = toInstant(value)
  }
  return moved as T
}

/** `now` on the clinic's wall clock, kept in a Date's UTC fields (the generator's "today"). */
export function wallClockNow(now: Date, zone: string): Date {
  return new Date(now.getTime() + offsetMinutes(zone, now.getTime()) * 60_000)
}
