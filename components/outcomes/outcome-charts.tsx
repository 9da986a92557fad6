import type { OutcomesDashboard } from '@/lib/outcomes/dashboard'
import { hasOutcomeFilters } from '@/lib/outcomes/params'
import { outcomeTables } from '@/lib/outcomes/tables'
import { AdverseEventsSection } from './adverse-events-section'
import { DispositionSection } from './disposition-section'
import { EfficacySection } from './efficacy-section'
import { KyphosisSection } from './kyphosis-section'
import { MonthlyVolumeSection } from './monthly-volume-section'
import { OdiSection } from './odi-section'
import { PainSection } from './pain-section'
import { PatientsByStatusSection } from './patients-by-status-section'

interface OutcomeChartsProps {
  dashboard: OutcomesDashboard
  filterQuery: string
}

/** The outcome charts (docs/clinical-definitions.md#outcome-filters) for one set of filters. */
export function OutcomeCharts({ dashboard, filterQuery }: OutcomeChartsProps) {
  const { efficacy, pain, odi, kyphosis, disposition, adverseEvents, volume, pipeline } = dashboard
  const { benchmarks } = dashboard
  const shared = { tables: outcomeTables(dashboard), filterQuery }
  const filtered = hasOutcomeFilters(dashboard.filters)
  return (
    <div className="outcome-charts grid gap-4 xl:grid-cols-2">
      <EfficacySection efficacy={efficacy} benchmarks={benchmarks} {...shared} />
      <PainSection pain={pain} benchmarks={benchmarks} {...shared} />
      <OdiSection odi={odi} benchmarks={benchmarks} {...shared} />
      <KyphosisSection kyphosis={kyphosis} benchmarks={benchmarks} {...shared} />
      <DispositionSection
        disposition={disposition}
        benchmarks={benchmarks}
        filtered={filtered}
        {...shared}
      />
      <AdverseEventsSection
        adverseEvents={adverseEvents}
        benchmarks={benchmarks}
        filtered={filtered}
        {...shared}
      />
      <MonthlyVolumeSection
        volume={volume}
        types={efficacy.types.map((t) => t.type)}
        filtered={filtered}
        {...shared}
      />
      <PatientsByStatusSection pipeline={pipeline} filtered={filtered} {...shared} />
    </div>
  )
}
