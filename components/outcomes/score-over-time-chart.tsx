import { CategoryLineChart, type ChartRow, type ChartSeries } from '@/components/charts/charts'
import { PROCEDURE_LABELS, type ProcedureType } from '@/lib/procedures/labels'
import { TIMEPOINT_LABELS } from '@/lib/follow-ups/labels'
import type { Benchmark, ScoreSeries } from '@/lib/outcomes/dashboard'
import { benchmarkScore } from '@/lib/outcomes/tables'
import { errorOf, shortSource, TYPE_COLORS, typeSeries } from './chart-series'

interface ScoreOverTimeChartProps {
  series: ScoreSeries
  score: 'nrs' | 'odi'
  benchmarks: readonly Benchmark[]
  valueLabel: string
  domain: [number, number]
}

/** Mean scores by timepoint and type with their intervals, and the published curves (pain, ODI). */
export function ScoreOverTimeChart({
  series,
  score,
  benchmarks,
  valueLabel,
  domain,
}: ScoreOverTimeChartProps) {
  const types = series.types.map((t) => t.type)
  return (
    <CategoryLineChart
      data={scoreRows(series, score, benchmarks)}
      categoryKey="timepoint"
      series={[...typeSeries(types, true), ...literatureSeries(score, types, benchmarks)]}
      valueLabel={valueLabel}
      domain={domain}
    />
  )
}

function scoreRows(
  series: ScoreSeries,
  score: 'nrs' | 'odi',
  benchmarks: readonly Benchmark[],
): ChartRow[] {
  const timepoints = series.types[0]?.points.map((p) => p.timepoint) ?? []
  return timepoints.map((timepoint, index) => {
    const row: ChartRow = { timepoint: TIMEPOINT_LABELS[timepoint] }
    for (const { type, points } of series.types) {
      const point = points[index]!
      row[type] = point.mean
      row[`${type}Error`] = errorOf(point.mean, point.low, point.high)
      const literature = benchmarkScore(benchmarks, score, type, timepoint)
      if (literature) row[`${type}Literature`] = literature.value
    }
    return row
  })
}

/** Dashed literature lines for the types that have a published curve (EVOLVE: kyphoplasty). */
function literatureSeries(
  score: 'nrs' | 'odi',
  types: readonly ProcedureType[],
  benchmarks: readonly Benchmark[],
): ChartSeries[] {
  return types.flatMap((type) => {
    const baseline = benchmarkScore(benchmarks, score, type, 'baseline')
    return baseline
      ? [
          {
            key: `${type}Literature`,
            label: `${shortSource(baseline.source)} (${PROCEDURE_LABELS[type].toLowerCase()})`,
            color: TYPE_COLORS[type],
            dashed: true,
          },
        ]
      : []
  })
}
