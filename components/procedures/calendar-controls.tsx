import { clsx } from 'clsx'
import Link from 'next/link'
import { SelectField } from '@/components/ui/select-field'
import {
  CALENDAR_SPANS,
  calendarHref,
  stepCalendar,
  type CalendarParams,
} from '@/lib/procedures/calendar-params'

const SPAN_LABELS = { day: 'Day', week: 'Week' } as const

const linkClass =
  'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium hover:bg-slate-100'

/** Day or week, back, today, forward, and whose bookings: every state a link or a GET form. */
export function CalendarControls({
  params,
  date,
  physicians,
}: {
  params: CalendarParams
  /** The day shown (the clinic's today when the URL has none). */
  date: string
  physicians: { id: string; name: string }[]
}) {
  const unit = params.span === 'day' ? 'day' : 'week'
  const at = (overrides: Partial<CalendarParams>) => calendarHref({ ...params, ...overrides })
  return (
    <div className="flex flex-wrap items-end justify-between gap-3">
      <nav aria-label="Calendar" className="flex flex-wrap items-center gap-2">
        <ul className="flex rounded-md border border-slate-300 bg-white p-0.5">
          {CALENDAR_SPANS.map((span) => (
            <li key={span}>
              <Link
                href={at({ span })}
                aria-current={span === params.span ? 'page' : undefined}
                className={clsx(
                  'inline-block rounded px-3 py-1 text-sm font-medium',
                  span === params.span
                    ? 'bg-brand-600 text-white'
                    : 'text-slate-700 hover:bg-slate-100',
                )}
              >
                {SPAN_LABELS[span]}
              </Link>
            </li>
          ))}
        </ul>
        <Link href={at({ date: stepCalendar(params.span, date, -1) })} className={linkClass}>
          Previous {unit}
        </Link>
        <Link href={at({ date: undefined })} className={linkClass}>
          Today
        </Link>
        <Link href={at({ date: stepCalendar(params.span, date, 1) })} className={linkClass}>
          Next {unit}
        </Link>
      </nav>
      <form
        method="get"
        action="/procedures/calendar"
        aria-label="Whose bookings"
        className="flex items-end gap-2"
        key={params.physician ?? 'all'}
      >
        {params.span === 'week' ? <input type="hidden" name="span" value="week" /> : null}
        {params.date ? <input type="hidden" name="date" value={params.date} /> : null}
        <SelectField
          id="calendar-physician"
          name="physician"
          label="Physician"
          placeholder="All physicians"
          options={physicians.map((p) => ({ value: p.id, label: p.name }))}
          defaultValue={params.physician ?? ''}
        />
        <button type="submit" className={linkClass}>
          Show
        </button>
      </form>
    </div>
  )
}
