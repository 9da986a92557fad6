import { describe, expect, it } from 'vitest'
import {
  calendarDay,
  dayBounds,
  formatDate,
  formatDateTime,
  formatDateTimeSeconds,
  formatTime,
  isSkippedTime,
  readDateTimeInput,
  toDateTimeInput,
} from './clinic-time'

const DENVER = 'America/Denver'
const AUCKLAND = 'Pacific/Auckland'

describe('showing an instant in the clinic zone', () => {
  const instant = new Date('2026-12-07T15:30:00Z')

  it('uses one format, in the zone given, not the machine zone', () => {
    expect(formatDateTime(instant, DENVER)).toBe('Mon 7 Dec 2026, 08:30')
    expect(formatDateTime(instant, AUCKLAND)).toBe('Tue 8 Dec 2026, 04:30')
    expect(formatDateTime(instant, 'UTC')).toBe('Mon 7 Dec 2026, 15:30')
    expect(formatDateTimeSeconds(new Date('2026-12-07T15:30:05Z'), DENVER)).toBe(
      'Mon 7 Dec 2026, 08:30:05',
    )
    expect(formatTime(instant, AUCKLAND)).toBe('04:30')
  })

  it('gives the calendar day the clinic is in', () => {
    expect(calendarDay(instant, DENVER)).toBe('2026-12-07')
    expect(calendarDay(instant, AUCKLAND)).toBe('2026-12-08')
  })

  it('shows a stored date as the same calendar date anywhere', () => {
    expect(formatDate('2026-12-07')).toBe('Mon 7 Dec 2026')
    expect(formatDate('not a date')).toBe('not a date')
  })
})

describe('reading a typed date and time as the clinic wall clock', () => {
  it('round-trips: what is typed is what is shown back', () => {
    for (const zone of [DENVER, AUCKLAND, 'UTC', 'Asia/Kolkata']) {
      const instant = readDateTimeInput('2026-12-07T08:30', zone)
      expect(instant).not.toBeNull()
      expect(toDateTimeInput(instant!, zone)).toBe('2026-12-07T08:30')
      expect(formatDateTime(instant!, zone)).toBe('Mon 7 Dec 2026, 08:30')
    }
    expect(readDateTimeInput('2026-12-07T08:30', DENVER)?.toISOString()).toBe(
      '2026-12-07T15:30:00.000Z',
    )
    expect(readDateTimeInput('2026-12-07T08:30', AUCKLAND)?.toISOString()).toBe(
      '2026-12-06T19:30:00.000Z',
    )
  })

  it('accepts the seconds a browser may send, and nothing else', () => {
    expect(readDateTimeInput(' 2026-12-07T08:30:00 ', DENVER)?.toISOString()).toBe(
      '2026-12-07T15:30:00.000Z',
    )
    for (const bad of [
      '',
      '2026-12-07',
      '2026-12-07 08:30',
      '2026-12-07T08:30Z',
      '2026-12-07T08:30garbage',
      '2026-02-30T08:30',
      '2026-12-07T24:30',
    ]) {
      expect(readDateTimeInput(bad, DENVER), bad).toBeNull()
      expect(isSkippedTime(bad, DENVER), bad).toBe(false)
    }
  })

  it('refuses the hour the clocks skip when summer time starts', () => {
    // Denver: 8 Mar 2026, 02:00 → 03:00. Auckland: 27 Sep 2026, 02:00 → 03:00.
    expect(readDateTimeInput('2026-03-08T02:30', DENVER)).toBeNull()
    expect(isSkippedTime('2026-03-08T02:30', DENVER)).toBe(true)
    expect(readDateTimeInput('2026-09-27T02:15', AUCKLAND)).toBeNull()
    expect(isSkippedTime('2026-09-27T02:15', AUCKLAND)).toBe(true)
    expect(readDateTimeInput('2026-03-08T03:00', DENVER)?.toISOString()).toBe(
      '2026-03-08T09:00:00.000Z',
    )
  })

  it('reads the hour that happens twice, when summer time ends, as its first occurrence', () => {
    // Denver: 1 Nov 2026, 01:30 is first MDT (07:30Z), then MST (08:30Z).
    expect(readDateTimeInput('2026-11-01T01:30', DENVER)?.toISOString()).toBe(
      '2026-11-01T07:30:00.000Z',
    )
    // Auckland: 5 Apr 2026, 02:30 is first NZDT (13:30Z on the 4th), then NZST (14:30Z).
    expect(readDateTimeInput('2026-04-05T02:30', AUCKLAND)?.toISOString()).toBe(
      '2026-04-04T13:30:00.000Z',
    )
  })
})

describe('a clinic day', () => {
  it('starts at the clinic midnight and lasts 24 hours on an ordinary day', () => {
    const { start, end } = dayBounds('2026-12-07', AUCKLAND)
    expect(start.toISOString()).toBe('2026-12-06T11:00:00.000Z')
    expect(end.toISOString()).toBe('2026-12-07T11:00:00.000Z')
  })

  it('lasts 23 hours when summer time starts and 25 when it ends', () => {
    const spring = dayBounds('2026-03-08', DENVER)
    expect(spring.end.getTime() - spring.start.getTime()).toBe(23 * 3_600_000)
    const autumn = dayBounds('2026-11-01', DENVER)
    expect(autumn.start.toISOString()).toBe('2026-11-01T06:00:00.000Z')
    expect(autumn.end.getTime() - autumn.start.getTime()).toBe(25 * 3_600_000)
  })
})
