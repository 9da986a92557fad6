import type { ChartReference, ChartSeries } from '@/components/charts/charts'
import { PROCEDURE_COLORS } from '@/components/charts/colors'
import { PROCEDURE_LABELS, type ProcedureType } from '@/lib/procedures/labels'
import type { Benchmark } from '@/lib/outcomes/dashboard'
import type { Interval, MeanWithCi } from '@/lib/outcomes/rules'
import { findBenchmark } from '@/lib/outcomes/tables'

// What the outcome charts share in turning the dashboard's aggregates into chart rows: one colour
// per procedure type, intervals as error bars, literature lines. Every number drawn is also in
// the section's data table (lib/outcomes/tables.ts); these only decide how it is drawn.

/** Each procedure type's colour, the same in every chart. */
export const TYPE_COLORS: Record<ProcedureType, string> = PROCEDURE_COLORS

/** One series per procedure type, in its colour; with `withError`, its `${type}Error` bars. */
export const typeSeries = (types: readonly ProcedureType[], withError = false): ChartSeries[] =>
  types.map((type) => ({
    key: type,
    label: PROCEDURE_LABELS[type],
    color: TYPE_COLORS[type],
    errorKey: withError ? `${type}Error` : undefined,
  }))

/** A procedure type as a bar's category, with its n, and the bar's colour (`colorKey: 'color'`). */
export const typeCategory = (type: ProcedureType, n: number) => ({
  type: `${PROCEDURE_LABELS[type]} (n = ${n})`,
  color: TYPE_COLORS[type],
})

/** A source without its parenthetical, short enough for a label on the chart. */
export const shortSource = (source: string) => source.replace(/\s*\(.*\)$/, '')

/** A proportion (0–1) as a percentage. */
export const pct = (value: number | null | undefined) => (value == null ? null : value * 100)

/** Offsets below and above a value, as recharts' error bars want them. */
export function errorOf(value: number | null, low: number | null, high: number | null) {
  return value === null || low === null || high === null
    ? null
    : ([value - low, high - value] as [number, number])
}
export const rateError = (rate: number | null, interval: Interval | null) =>
  errorOf(pct(rate), pct(interval?.low), pct(interval?.high))
export const meanError = (stats: MeanWithCi | null) =>
  errorOf(stats?.mean ?? null, stats?.low ?? null, stats?.high ?? null)

/** A proportion as a percentage, one decimal only where it has one (87 %, 61.1 %). */
export const formatPercent = (value: number) => `${Number((value * 100).toFixed(1))} %`

/** The literature values of a measure for the types shown, each line labelled with its source. */
export function typeReferences(
  benchmarks: readonly Benchmark[],
  measure: string,
  types: readonly ProcedureType[],
  format: (value: number) => string,
): ChartReference[] {
  // Types that share a value (subsequent fractures: 11 % for both) share one labelled line.
  const byValue = new Map<number, { types: string[]; source: string }>()
  for (const type of types) {
    const benchmark = findBenchmark(benchmarks, measure, type)
    if (!benchmark) continue
    const line = byValue.get(benchmark.value) ?? { types: [], source: benchmark.source }
    line.types.push(PROCEDURE_LABELS[type])
    byValue.set(benchmark.value, line)
  }
  return [...byValue].map(([value, line]) => ({
    value: measure.endsWith('_rate') ? value * 100 : value,
    label: `${line.types.join(' and ')} ${format(value)} (${shortSource(line.source)})`,
  }))
}

/** The empty state of the charts that count every completed procedure. */
export const noProcedures = (filtered: boolean) =>
  filtered
    ? 'No completed procedures match these filters.'
    : 'No procedures have been completed yet.'
