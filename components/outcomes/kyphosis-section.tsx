import { CategoryBarChart, type ChartRow } from '@/components/charts/charts'
import { NEUTRAL_COLOR } from '@/components/charts/colors'
import type { Benchmark, KyphosisCorrection } from '@/lib/outcomes/dashboard'
import { meanError, typeCategory, typeReferences, typeSeries } from './chart-series'
import { ChartCaption, OutcomeSection, type ChartSectionProps } from './outcome-section'

interface KyphosisSectionProps extends ChartSectionProps {
  kyphosis: KyphosisCorrection
  benchmarks: readonly Benchmark[]
}

/** Kyphotic angle correction per treated level: the mean by type, and how corrections spread. */
export function KyphosisSection({
  kyphosis,
  benchmarks,
  tables,
  filterQuery,
}: KyphosisSectionProps) {
  const types = kyphosis.types.map((t) => t.type)
  return (
    <OutcomeSection
      id="kyphosis"
      title="Kyphotic angle correction"
      n={kyphosis.n}
      noun="treated levels"
      emptyMessage="No treated level in these filters has its kyphotic angle recorded before and after."
      description={
        <p>
          Angle before minus angle after, per treated level: mean with 95 % interval, and how the
          corrections spread in {kyphosis.binDeg}° steps. Dashed: Papanastassiou 2012 mean
          reductions.
        </p>
      }
      tables={[tables.kyphosis, tables['kyphosis-distribution']]}
      filterQuery={filterQuery}
    >
      <ChartCaption>Mean correction</ChartCaption>
      <CategoryBarChart
        data={kyphosis.types.map((row) => ({
          ...typeCategory(row.type, row.n),
          correction: row.correction?.mean ?? null,
          correctionError: meanError(row.correction),
        }))}
        categoryKey="type"
        series={[
          {
            key: 'correction',
            label: 'Mean correction, 95 % CI',
            color: NEUTRAL_COLOR,
            colorKey: 'color',
            errorKey: 'correctionError',
          },
        ]}
        references={typeReferences(benchmarks, 'kyphosis_reduction_deg', types, (v) => `${v}°`)}
        valueLabel="Correction (°)"
        unit="°"
        height={240}
      />
      <ChartCaption>Distribution</ChartCaption>
      <CategoryBarChart
        data={histogramRows(kyphosis)}
        categoryKey="bin"
        series={typeSeries(types)}
        valueLabel="Treated levels"
        height={240}
      />
    </OutcomeSection>
  )
}

/** One row per correction bin across both types' ranges, empty bins as zero. */
function histogramRows(kyphosis: KyphosisCorrection): ChartRow[] {
  const bins = kyphosis.types.flatMap((t) => t.histogram.map((bin) => bin.fromDeg))
  if (bins.length === 0) return []
  const first = Math.min(...bins)
  const rows: ChartRow[] = []
  for (let fromDeg = first; fromDeg <= Math.max(...bins); fromDeg += kyphosis.binDeg) {
    const row: ChartRow = { bin: `${fromDeg} to ${fromDeg + kyphosis.binDeg}°` }
    for (const { type, histogram } of kyphosis.types) {
      row[type] = histogram.find((bin) => bin.fromDeg === fromDeg)?.n ?? 0
    }
    rows.push(row)
  }
  return rows
}
