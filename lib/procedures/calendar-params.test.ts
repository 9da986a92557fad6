import { describe, expect, it } from 'vitest'
import { calendarDays, calendarHref, parseCalendarParams, stepCalendar } from './calendar-params'

describe('procedure calendar URL state', () => {
  it('reads a day by default, and ignores what it cannot read', () => {
    expect(parseCalendarParams({})).toEqual({ span: 'day' })
    expect(parseCalendarParams({ span: 'year', date: '2026-02-30x', physician: 'nobody' })).toEqual(
      { span: 'day' },
    )
    expect(
      parseCalendarParams({
        span: 'week',
        date: '2026-12-09',
        physician: '3f2b8c1e-5a6d-4e7f-9a0b-1c2d3e4f5a6b',
      }),
    ).toEqual({
      span: 'week',
      date: '2026-12-09',
      physician: '3f2b8c1e-5a6d-4e7f-9a0b-1c2d3e4f5a6b',
    })
  })

  it('shows Monday to Sunday of the week of the date', () => {
    expect(calendarDays('day', '2026-12-09')).toEqual(['2026-12-09'])
    const week = calendarDays('week', '2026-12-09')
    expect(week[0]).toBe('2026-12-07')
    expect(week[6]).toBe('2026-12-13')
    expect(calendarDays('week', '2026-12-13')[0]).toBe('2026-12-07')
    expect(calendarDays('week', '2026-12-14')[0]).toBe('2026-12-14')
  })

  it('steps by a day or a week, and keeps links short', () => {
    expect(stepCalendar('day', '2026-12-31', 1)).toBe('2027-01-01')
    expect(stepCalendar('week', '2026-03-02', -1)).toBe('2026-02-23')
    expect(calendarHref({ span: 'day', date: '2026-12-09' })).toBe(
      '/procedures/calendar?date=2026-12-09',
    )
    expect(calendarHref({ span: 'week' })).toBe('/procedures/calendar?span=week')
  })
})
