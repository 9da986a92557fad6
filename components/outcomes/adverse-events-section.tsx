import { CategoryBarChart, type ChartRow } from '@/components/charts/charts'
import { NEUTRAL_COLOR } from '@/components/charts/colors'
import type { AdverseEventSummary, Benchmark } from '@/lib/outcomes/dashboard'
import { ADVERSE_EVENT_LABELS } from '@/lib/procedures/labels'
import {
  formatPercent,
  noProcedures,
  pct,
  rateError,
  typeCategory,
  typeReferences,
  typeSeries,
} from './chart-series'
import { ChartCaption, OutcomeSection, type ChartSectionProps } from './outcome-section'

interface AdverseEventsSectionProps extends ChartSectionProps {
  adverseEvents: AdverseEventSummary
  benchmarks: readonly Benchmark[]
  /** Whether any filter narrows the procedures (for the empty state). */
  filtered: boolean
}

/** The share of procedures with each kind of adverse event by type; cement leakage apart. */
export function AdverseEventsSection({
  adverseEvents,
  benchmarks,
  filtered,
  tables,
  filterQuery,
}: AdverseEventsSectionProps) {
  const types = adverseEvents.types.map((t) => t.type)
  return (
    <OutcomeSection
      id="adverse-events"
      title="Adverse events"
      n={adverseEvents.n}
      noun="procedures"
      emptyMessage={noProcedures(filtered)}
      description={
        <p>
          Share of procedures with each kind of event, with 95 % intervals; cement leakage, mostly
          asymptomatic and found on imaging, is shown apart. Dashed: Papanastassiou 2012
          subsequent-fracture rates (any new fracture, adjacent or remote).
        </p>
      }
      tables={[tables['adverse-events']]}
      filterQuery={filterQuery}
    >
      <ChartCaption>Complications</ChartCaption>
      <CategoryBarChart
        data={(adverseEvents.types[0]?.categories ?? []).map(({ category }) => {
          const row: ChartRow = { category: ADVERSE_EVENT_LABELS[category] }
          for (const { type, n, categories } of adverseEvents.types) {
            const counts = categories.find((c) => c.category === category)!
            row[type] = n > 0 ? (counts.procedures / n) * 100 : null
            row[`${type}Error`] = rateError(n > 0 ? counts.procedures / n : null, counts.interval)
          }
          return row
        })}
        categoryKey="category"
        series={typeSeries(types, true)}
        references={typeReferences(benchmarks, 'subsequent_fracture_rate', types, formatPercent)}
        valueLabel="Procedures with the event (%)"
        unit=" %"
        horizontal
        height={360}
      />
      <ChartCaption>Cement leakage</ChartCaption>
      <CategoryBarChart
        data={adverseEvents.types.map(({ type, n, cementLeakage }) => {
          const rate = n > 0 ? cementLeakage.procedures / n : null
          return {
            ...typeCategory(type, n),
            leakage: pct(rate),
            leakageError: rateError(rate, cementLeakage.interval),
          }
        })}
        categoryKey="type"
        series={[
          {
            key: 'leakage',
            label: 'Procedures with cement leakage, 95 % CI',
            color: NEUTRAL_COLOR,
            colorKey: 'color',
            errorKey: 'leakageError',
          },
        ]}
        valueLabel="Procedures (%)"
        unit=" %"
        height={220}
      />
    </OutcomeSection>
  )
}
