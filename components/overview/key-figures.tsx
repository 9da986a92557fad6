import type { MedianDays, PathwayTimes } from '@/lib/overview/pathway-times'
import { PATHWAY_WINDOW_DAYS } from '@/lib/overview/pathway-times'

const medianText = ({ days }: MedianDays) =>
  days === null ? '—' : `${Number.isInteger(days) ? days : days.toFixed(1)} days`

/** The Overview's strip of numbers at a glance, and the median days along the pathway. */
export function KeyFigures({
  figures,
  pathway,
}: {
  figures: [label: string, value: number][]
  pathway: PathwayTimes
}) {
  const medians: [string, MedianDays, string][] = [
    ['Referral → decision', pathway.referralToDecision, 'decisions'],
    ['Decision → procedure', pathway.decisionToProcedure, 'procedures'],
  ]
  return (
    <section aria-label="Key figures" className="rounded-xl border border-slate-200 bg-white p-4">
      <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-6">
        {figures.map(([label, value]) => (
          <div key={label} className="flex flex-col">
            <dt className="text-sm text-slate-600">{label}</dt>
            <dd className="text-2xl font-semibold tabular-nums">{value.toLocaleString('en-US')}</dd>
          </div>
        ))}
        {medians.map(([label, median, noun]) => (
          <div key={label} className="flex flex-col">
            <dt className="text-sm text-slate-600">{label} (median)</dt>
            <dd className="text-2xl font-semibold tabular-nums">{medianText(median)}</dd>
            <dd className="text-xs text-slate-600">
              {median.n.toLocaleString('en-US')} {noun}, last {PATHWAY_WINDOW_DAYS} days, whole
              clinic
            </dd>
          </div>
        ))}
      </dl>
    </section>
  )
}
