import { TIMEPOINT_LABELS } from '@/lib/follow-ups/labels'
import type { ResolvedOutcomeFilters } from '@/lib/outcomes/filters'
import { PROCEDURE_LABELS } from '@/lib/procedures/labels'
import { ETIOLOGY_LABELS } from '@/lib/candidates/labels'

interface ReportSummaryProps {
  filters: ResolvedOutcomeFilters
  physicians: { id: string; name: string }[]
  generatedOn: string
}

/** The filters in words: the report's subtitle on screen and on paper. */
export function ReportSummary({ filters, physicians, generatedOn }: ReportSummaryProps) {
  const { from, to, type, physicianId, etiology, timepoint } = filters
  const physician = physicians.find((p) => p.id === physicianId)?.name
  const period =
    from && to
      ? `performed ${from} to ${to}`
      : from
        ? `performed from ${from}`
        : to
          ? `performed up to ${to}`
          : 'all dates'
  const parts = [
    type ? PROCEDURE_LABELS[type] : 'Both procedure types',
    physician ?? 'all physicians',
    etiology ? `${ETIOLOGY_LABELS[etiology]} etiology` : 'any etiology',
    period,
    `responders at ${TIMEPOINT_LABELS[timepoint].toLowerCase()}`,
  ]
  return (
    <p className="text-sm text-slate-700">
      <span className="font-medium text-slate-900">Completed procedures:</span> {parts.join(' · ')}
      <span className="hidden print:inline"> · generated {generatedOn}</span>
    </p>
  )
}
