import { CategoryBarChart, type ChartReference } from '@/components/charts/charts'
import { DISPOSITION_COLORS, NEUTRAL_COLOR } from '@/components/charts/colors'
import type { Benchmark, DispositionSummary } from '@/lib/outcomes/dashboard'
import { findBenchmark } from '@/lib/outcomes/tables'
import { OVERNIGHT_REASON_LABELS } from '@/lib/procedures/labels'
import { noProcedures, pct, rateError, shortSource, typeCategory, typeSeries } from './chart-series'
import { ChartCaption, OutcomeSection, type ChartSectionProps } from './outcome-section'

interface DispositionSectionProps extends ChartSectionProps {
  disposition: DispositionSummary
  benchmarks: readonly Benchmark[]
  /** Whether any filter narrows the procedures (for the empty state). */
  filtered: boolean
}

/** Same-day discharge against overnight stays by month and type, and why patients stayed. */
export function DispositionSection({
  disposition,
  benchmarks,
  filtered,
  tables,
  filterQuery,
}: DispositionSectionProps) {
  const types = disposition.byType.map((t) => t.type)
  const sameDay = findBenchmark(benchmarks, 'same_day_discharge_rate', null)
  const sameDayReference: ChartReference[] = sameDay
    ? [
        {
          value: sameDay.value * 100,
          label: `${(sameDay.value * 100).toFixed(1)} % same-day, osteoporotic (${shortSource(sameDay.source)})`,
        },
      ]
    : []
  return (
    <OutcomeSection
      id="disposition"
      title="Disposition"
      n={disposition.n}
      noun="procedures"
      emptyMessage={noProcedures(filtered)}
      description={
        <p>
          Same-day discharge against overnight observation by month performed and by type, and why
          patients stayed.{' '}
          {sameDay
            ? 'Dashed: the NSQIP same-day share after augmentation for osteoporotic fractures (drawn for all etiologies or osteoporotic only).'
            : 'The NSQIP same-day share was measured on osteoporotic fractures, so it is not drawn for this etiology.'}
        </p>
      }
      tables={[
        tables['disposition-by-month'],
        tables['disposition-by-type'],
        tables['overnight-reasons'],
      ]}
      filterQuery={filterQuery}
    >
      <ChartCaption>By month</ChartCaption>
      <CategoryBarChart
        data={disposition.byMonth.map((row) => ({
          month: row.month,
          sameDay: pct(row.sameDayRate),
          overnight: row.sameDayRate === null ? null : 100 - row.sameDayRate * 100,
        }))}
        categoryKey="month"
        series={[
          {
            key: 'sameDay',
            label: 'Same-day',
            color: DISPOSITION_COLORS.same_day,
            stackId: 'share',
          },
          {
            key: 'overnight',
            label: 'Overnight',
            color: DISPOSITION_COLORS.overnight,
            stackId: 'share',
          },
        ]}
        references={sameDayReference}
        valueLabel="Share (%)"
        unit=" %"
        domain={[0, 100]}
        height={240}
      />
      <ChartCaption>Same-day share by procedure type</ChartCaption>
      <CategoryBarChart
        data={disposition.byType.map((row) => ({
          ...typeCategory(row.type, row.n),
          sameDay: pct(row.sameDayRate),
          sameDayError: rateError(row.sameDayRate, row.sameDayInterval),
        }))}
        categoryKey="type"
        series={[
          {
            key: 'sameDay',
            label: 'Same-day share, 95 % CI',
            color: NEUTRAL_COLOR,
            colorKey: 'color',
            errorKey: 'sameDayError',
          },
        ]}
        references={sameDayReference}
        valueLabel="Same-day (%)"
        unit=" %"
        domain={[0, 100]}
        height={220}
      />
      <ChartCaption>Overnight reasons</ChartCaption>
      <CategoryBarChart
        data={disposition.overnightReasons.map((row) => ({
          reason: OVERNIGHT_REASON_LABELS[row.reason],
          ...row.byType,
        }))}
        categoryKey="reason"
        series={typeSeries(types).map((s) => ({ ...s, stackId: 'reasons' }))}
        valueLabel="Overnight stays"
        horizontal
        height={300}
      />
    </OutcomeSection>
  )
}
