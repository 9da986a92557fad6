import type { Metadata } from 'next'
import { OutcomeCharts } from '@/components/outcomes/outcome-charts'
import { OutcomeFilters } from '@/components/outcomes/outcome-filters'
import { OutcomeMethods } from '@/components/outcomes/methods'
import { PrintButton } from '@/components/outcomes/print-button'
import { ReportSummary } from '@/components/outcomes/report-summary'
import { Page } from '@/components/ui/page'
import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import { todayIso } from '@/lib/dates'
import { loadOutcomesDashboard } from '@/lib/outcomes/dashboard'
import { outcomeQuery, parseOutcomeParams } from '@/lib/outcomes/params'
import { listPhysicians } from '@/lib/candidates/list'
import { pageRateDecision } from '@/lib/security/member-rate-limit'

export const metadata: Metadata = { title: 'Outcomes' }

interface OutcomesPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

export default async function OutcomesPage({ searchParams }: OutcomesPageProps) {
  const me = await requireRole(...CLINICAL_ROLES)
  const rate = pageRateDecision(me.id, 'outcomes')
  if (!rate.allowed) {
    return (
      <Page title="Outcomes">
        <p role="alert" className="text-sm text-slate-700">
          This page was opened many times in a short while. Wait {rate.retryAfterSeconds} seconds,
          then reload it.
        </p>
      </Page>
    )
  }
  const filters = parseOutcomeParams(await searchParams)
  const [dashboard, physicians] = await Promise.all([
    loadOutcomesDashboard(filters),
    listPhysicians(),
  ])
  return (
    <Page title="Outcomes" actions={<PrintButton />}>
      <ReportSummary filters={filters} physicians={physicians} generatedOn={todayIso()} />
      <OutcomeFilters filters={filters} physicians={physicians} />
      <OutcomeCharts dashboard={dashboard} filterQuery={outcomeQuery(filters)} />
      <OutcomeMethods />
    </Page>
  )
}
