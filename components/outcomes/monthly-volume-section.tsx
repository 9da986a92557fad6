import { CategoryBarChart } from '@/components/charts/charts'
import type { MonthlyVolume } from '@/lib/outcomes/dashboard'
import { noProcedures, typeSeries } from './chart-series'
import { OutcomeSection, type ChartSectionProps } from './outcome-section'
import type { ProcedureType } from '@/lib/procedures/labels'

interface MonthlyVolumeSectionProps extends ChartSectionProps {
  volume: MonthlyVolume
  /** The procedure types the filters show (every month counts all of them). */
  types: readonly ProcedureType[]
  /** Whether any filter narrows the procedures (for the empty state). */
  filtered: boolean
}

/** Completed procedures per month performed, stacked by type. */
export function MonthlyVolumeSection({
  volume,
  types,
  filtered,
  tables,
  filterQuery,
}: MonthlyVolumeSectionProps) {
  return (
    <OutcomeSection
      id="monthly-volume"
      title="Monthly volume"
      n={volume.n}
      noun="procedures"
      emptyMessage={noProcedures(filtered)}
      description={<p>Completed procedures per month performed, by type.</p>}
      tables={[tables['monthly-volume']]}
      filterQuery={filterQuery}
    >
      <CategoryBarChart
        data={volume.months.map((row) => ({ month: row.month, ...row.byType }))}
        categoryKey="month"
        series={typeSeries(types).map((s) => ({ ...s, stackId: 'volume' }))}
        valueLabel="Procedures"
      />
    </OutcomeSection>
  )
}
