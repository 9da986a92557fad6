import type { Benchmark, ScoreSeries } from '@/lib/outcomes/dashboard'
import { OutcomeSection, type ChartSectionProps } from './outcome-section'
import { ScoreOverTimeChart } from './score-over-time-chart'

interface OdiSectionProps extends ChartSectionProps {
  odi: ScoreSeries
  benchmarks: readonly Benchmark[]
}

/** Mean disability (ODI) at each timepoint by type, beside EVOLVE's kyphoplasty curve. */
export function OdiSection({ odi, benchmarks, tables, filterQuery }: OdiSectionProps) {
  return (
    <OutcomeSection
      id="odi"
      title="Disability (ODI) over time"
      n={odi.n}
      noun="ODI assessments"
      emptyMessage="No ODI scores have been recorded for the procedures in these filters."
      description={
        <p>
          Mean Oswestry Disability Index (0–100) with 95 % intervals at each timepoint. Dashed:
          EVOLVE&apos;s kyphoplasty means (baseline 63.4 minus the reported improvement).
        </p>
      }
      tables={[tables.odi]}
      filterQuery={filterQuery}
    >
      <ScoreOverTimeChart
        series={odi}
        score="odi"
        benchmarks={benchmarks}
        valueLabel="ODI (0–100)"
        domain={[0, 100]}
      />
    </OutcomeSection>
  )
}
