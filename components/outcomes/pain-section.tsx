import type { Benchmark, ScoreSeries } from '@/lib/outcomes/dashboard'
import { OutcomeSection, type ChartSectionProps } from './outcome-section'
import { ScoreOverTimeChart } from './score-over-time-chart'

interface PainSectionProps extends ChartSectionProps {
  pain: ScoreSeries
  benchmarks: readonly Benchmark[]
}

/** Mean pain (NRS) at each timepoint by type, beside EVOLVE's kyphoplasty curve. */
export function PainSection({ pain, benchmarks, tables, filterQuery }: PainSectionProps) {
  return (
    <OutcomeSection
      id="pain"
      title="Pain over time"
      n={pain.n}
      noun="pain assessments"
      emptyMessage="No pain scores have been recorded for the procedures in these filters."
      description={
        <p>
          Mean pain (NRS 0–10) with 95 % intervals at each timepoint, everyone assessed then.
          Dashed: EVOLVE&apos;s kyphoplasty means (baseline 8.7 minus the reported improvement).
          Papanastassiou 2012 pooled change: kyphoplasty −5.07, vertebroplasty −4.55, non-surgical
          −2.17 points.
        </p>
      }
      tables={[tables.pain]}
      filterQuery={filterQuery}
    >
      <ScoreOverTimeChart
        series={pain}
        score="nrs"
        benchmarks={benchmarks}
        valueLabel="Pain NRS (0–10)"
        domain={[0, 10]}
      />
    </OutcomeSection>
  )
}
