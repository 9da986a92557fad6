import { parseISO } from 'date-fns'
import { z } from 'zod'
import { addCalendarDays } from '@/lib/clinic-time'
import { firstValues, queryString } from '@/lib/url-state'

// The procedure calendar's state, all in the URL: a day or a week, which one, whose bookings.

export const CALENDAR_SPANS = ['day', 'week'] as const
export type CalendarSpan = (typeof CALENDAR_SPANS)[number]

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(parseISO(value).getTime()))

export const calendarParams = z.object({
  span: z.enum(CALENDAR_SPANS).catch('day').default('day'),
  // Unset: the clinic's today (the page fills it in).
  date: isoDay.optional().catch(undefined),
  physician: z.uuid().optional().catch(undefined),
})
export type CalendarParams = z.infer<typeof calendarParams>

export function parseCalendarParams(
  searchParams: Record<string, string | string[] | undefined>,
): CalendarParams {
  return calendarParams.parse(firstValues(searchParams))
}

/** The days shown: the day itself, or Monday to Sunday of its week (yyyy-mm-dd). */
export function calendarDays(span: CalendarSpan, date: string): string[] {
  if (span === 'day') return [date]
  // getDay(): 0 is Sunday; weeks start on Monday.
  const monday = addCalendarDays(date, -((parseISO(date).getDay() + 6) % 7))
  return Array.from({ length: 7 }, (_, index) => addCalendarDays(monday, index))
}

/** The same span moved one step back (-1) or forward (1). */
export function stepCalendar(span: CalendarSpan, date: string, direction: -1 | 1): string {
  return addCalendarDays(date, direction * (span === 'day' ? 1 : 7))
}

/** The calendar's URL for a state; the day span and an unset date are left out. */
export function calendarHref(params: Partial<CalendarParams>): string {
  return `/procedures/calendar${queryString(params, (key, value) => !(key === 'span' && value === 'day'))}`
}
