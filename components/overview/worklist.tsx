import Link from 'next/link'
import type { FormAction } from '@/lib/action-result'
import type { WorklistEntry } from '@/lib/overview/worklists'
import { UrgencyChip } from '@/components/ui/status-chip'
import { DischargeForm } from './discharge-form'

interface WorklistProps {
  title: string
  total: number
  entries: WorklistEntry[]
  sinceLabel: string
  empty: string
  /** A related full list, e.g. the candidates list filtered by status. */
  moreHref: string
  moreLabel: string
  /** For overnight stays: the one-click "Discharged", in the clinic's zone. */
  discharge?: { action: FormAction; timeZone: string }
}

export function Worklist({
  title,
  total,
  entries,
  sinceLabel,
  empty,
  moreHref,
  moreLabel,
  discharge,
}: WorklistProps) {
  const id = `worklist-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`
  return (
    <section
      aria-labelledby={id}
      className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-5"
    >
      <div className="flex items-baseline justify-between gap-2">
        <h2 id={id} className="text-lg font-semibold">
          {title}
        </h2>
        <span className="text-sm text-slate-600">{total.toLocaleString('en-US')} in all</span>
      </div>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-600">{empty}</p>
      ) : (
        <ul className="flex flex-col divide-y divide-slate-100 text-sm">
          {entries.map((entry, index) => (
            <li
              key={`${entry.id}-${index}`}
              className="flex flex-wrap items-baseline justify-between gap-2 py-2"
            >
              <Link
                href={`/candidates/${entry.id}`}
                className="font-medium text-brand-700 hover:underline"
              >
                {entry.name}
              </Link>
              <span className="text-slate-600">
                <span className="font-mono">{entry.mrn}</span> · {entry.detail} · {sinceLabel}{' '}
                {entry.since}
                {entry.overdue ? (
                  <>
                    {' '}
                    <UrgencyChip urgency="overdue" label="overdue" />
                  </>
                ) : null}
              </span>
              {discharge && entry.stay ? (
                <DischargeForm
                  action={discharge.action}
                  stay={entry.stay}
                  patient={entry.name}
                  timeZone={discharge.timeZone}
                />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Link href={moreHref} className="text-sm text-brand-700 underline">
        {moreLabel}
      </Link>
    </section>
  )
}
