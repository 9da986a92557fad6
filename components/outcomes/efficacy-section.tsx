import { CategoryBarChart } from '@/components/charts/charts'
import { NEUTRAL_COLOR } from '@/components/charts/colors'
import { TIMEPOINT_LABELS } from '@/lib/follow-ups/labels'
import type { Benchmark, EfficacyByType } from '@/lib/outcomes/dashboard'
import { formatPercent, pct, rateError, typeCategory, typeReferences } from './chart-series'
import { OutcomeSection, type ChartSectionProps } from './outcome-section'

interface EfficacySectionProps extends ChartSectionProps {
  efficacy: EfficacyByType
  benchmarks: readonly Benchmark[]
}

/** Responder rates by procedure type at the chosen follow-up, beside the cited rates. */
export function EfficacySection({
  efficacy,
  benchmarks,
  tables,
  filterQuery,
}: EfficacySectionProps) {
  const timepoint = TIMEPOINT_LABELS[efficacy.timepoint].toLowerCase()
  const types = efficacy.types.map((t) => t.type)
  return (
    <OutcomeSection
      id="efficacy"
      title="Efficacy by procedure type"
      n={efficacy.n}
      noun={`procedures with baseline and ${timepoint} pain scores`}
      emptyMessage={`No completed procedure in these filters has both a baseline and a ${timepoint} pain score yet.`}
      description={
        <p>
          Responders at {timepoint} (pain fell ≥ 2 points and ≥ 30 % from baseline) with 95 % Wilson
          intervals. Dashed lines: the success rates the clinic cites (McCall, Cole &amp; Dailey
          2008), measured by that review&apos;s own criteria, not this responder rule: a point of
          orientation, not a like-for-like target.
        </p>
      }
      tables={[tables.efficacy]}
      filterQuery={filterQuery}
    >
      <CategoryBarChart
        data={efficacy.types.map((row) => ({
          ...typeCategory(row.type, row.n),
          rate: pct(row.rate),
          rateError: rateError(row.rate, row.interval),
        }))}
        categoryKey="type"
        series={[
          {
            key: 'rate',
            label: `Responder rate at ${timepoint}, 95 % CI`,
            color: NEUTRAL_COLOR,
            colorKey: 'color',
            errorKey: 'rateError',
          },
        ]}
        references={typeReferences(
          benchmarks,
          'responder_rate',
          types,
          (value) => `${formatPercent(value)} cited`,
        )}
        valueLabel="Responders (%)"
        unit=" %"
        domain={[0, 100]}
      />
    </OutcomeSection>
  )
}
