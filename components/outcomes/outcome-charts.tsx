import {
  CategoryBarChart,
  CategoryLineChart,
  type ChartReference,
  type ChartRow,
  type ChartSeries,
} from '@/components/charts/charts'
import { SERIES_COLORS } from '@/components/charts/colors'
import { TIMEPOINT_LABELS } from '@/lib/follow-ups/labels'
import type {
  Benchmark,
  KyphosisCorrection,
  OutcomesDashboard,
  ScoreSeries,
} from '@/lib/outcomes/dashboard'
import type { Interval, MeanWithCi } from '@/lib/outcomes/rules'
import { hasOutcomeFilters } from '@/lib/outcomes/params'
import { benchmarkScore, findBenchmark, outcomeTables } from '@/lib/outcomes/tables'
import { PROCEDURE_LABELS, type ProcedureType } from '@/lib/candidates/labels'
import { STATUS_LABELS } from '@/lib/candidates/statuses'
import { ADVERSE_EVENT_LABELS, OVERNIGHT_REASON_LABELS } from '@/lib/procedures/labels'
import { OutcomeSection } from './outcome-section'

// Turns the dashboard's aggregates into chart rows. Every number drawn here is also in the
// section's data table (lib/outcomes/tables.ts); this file only decides how it is drawn.

const TYPE_COLORS: Record<ProcedureType, string> = {
  vertebroplasty: SERIES_COLORS[0],
  kyphoplasty: SERIES_COLORS[1],
}

/** A source without its parenthetical, short enough for a label on the chart. */
const shortSource = (source: string) => source.replace(/\s*\(.*\)$/, '')

const pct = (value: number | null | undefined) => (value == null ? null : value * 100)

/** Offsets below and above a value, as recharts' error bars want them. */
function errorOf(value: number | null, low: number | null, high: number | null) {
  return value === null || low === null || high === null
    ? null
    : ([value - low, high - value] as [number, number])
}
const rateError = (rate: number | null, interval: Interval | null) =>
  errorOf(pct(rate), pct(interval?.low), pct(interval?.high))
const meanError = (stats: MeanWithCi | null) =>
  errorOf(stats?.mean ?? null, stats?.low ?? null, stats?.high ?? null)

const typeSeries = (types: readonly ProcedureType[], withError = false): ChartSeries[] =>
  types.map((type) => ({
    key: type,
    label: PROCEDURE_LABELS[type],
    color: TYPE_COLORS[type],
    errorKey: withError ? `${type}Error` : undefined,
  }))

function typeReferences(
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

/** A proportion as a percentage, one decimal only where it has one (87 %, 61.1 %). */
const formatPercent = (value: number) => `${Number((value * 100).toFixed(1))} %`

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

function ChartCaption({ children }: { children: React.ReactNode }) {
  return <h3 className="text-sm font-medium text-slate-800">{children}</h3>
}

interface OutcomeChartsProps {
  dashboard: OutcomesDashboard
  filterQuery: string
}

/** The empty state of the charts that count every completed procedure. */
const noProcedures = (filtered: boolean) =>
  filtered
    ? 'No completed procedures match these filters.'
    : 'No procedures have been completed yet.'

/** The outcome charts (docs/clinical-definitions.md#outcome-filters) for one set of filters. */
export function OutcomeCharts({ dashboard, filterQuery }: OutcomeChartsProps) {
  const { efficacy, pain, odi, kyphosis, disposition, adverseEvents, volume, benchmarks } =
    dashboard
  const tables = outcomeTables(dashboard)
  const filtered = hasOutcomeFilters(dashboard.filters)
  const types = efficacy.types.map((t) => t.type)
  const timepoint = TIMEPOINT_LABELS[efficacy.timepoint].toLowerCase()
  const sameDay = findBenchmark(benchmarks, 'same_day_discharge_rate', null)
  const sameDayReference: ChartReference[] = sameDay
    ? [
        {
          value: sameDay.value * 100,
          label: `${(sameDay.value * 100).toFixed(1)} % same-day (${shortSource(sameDay.source)})`,
        },
      ]
    : []
  const subsequentFracture = typeReferences(
    benchmarks,
    'subsequent_fracture_rate',
    types,
    formatPercent,
  )

  return (
    <div className="outcome-charts grid gap-4 xl:grid-cols-2">
      <OutcomeSection
        id="efficacy"
        title="Efficacy by procedure type"
        n={efficacy.n}
        noun={`procedures with baseline and ${timepoint} pain scores`}
        emptyMessage={`No completed procedure in these filters has both a baseline and a ${timepoint} pain score yet.`}
        description={
          <p>
            Responders at {timepoint} (pain fell ≥ 2 points and ≥ 30 % from baseline) with 95 %
            Wilson intervals. Dashed lines: the responder rates the clinic cites (McCall, Cole &amp;
            Dailey 2008).
          </p>
        }
        tables={[tables.efficacy]}
        filterQuery={filterQuery}
      >
        <CategoryBarChart
          data={efficacy.types.map((row) => ({
            type: `${PROCEDURE_LABELS[row.type]} (n = ${row.n})`,
            rate: pct(row.rate),
            rateError: rateError(row.rate, row.interval),
          }))}
          categoryKey="type"
          series={[
            {
              key: 'rate',
              label: `Responder rate at ${timepoint}, 95 % CI`,
              color: SERIES_COLORS[0],
              errorKey: 'rateError',
            },
          ]}
          references={typeReferences(benchmarks, 'responder_rate', types, formatPercent)}
          valueLabel="Responders (%)"
          unit=" %"
          domain={[0, 100]}
        />
      </OutcomeSection>

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
        <CategoryLineChart
          data={scoreRows(pain, 'nrs', benchmarks)}
          categoryKey="timepoint"
          series={[...typeSeries(types, true), ...literatureSeries('nrs', types, benchmarks)]}
          valueLabel="Pain NRS (0–10)"
          domain={[0, 10]}
        />
      </OutcomeSection>

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
        <CategoryLineChart
          data={scoreRows(odi, 'odi', benchmarks)}
          categoryKey="timepoint"
          series={[...typeSeries(types, true), ...literatureSeries('odi', types, benchmarks)]}
          valueLabel="ODI (0–100)"
          domain={[0, 100]}
        />
      </OutcomeSection>

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
            type: `${PROCEDURE_LABELS[row.type]} (n = ${row.n})`,
            correction: row.correction?.mean ?? null,
            correctionError: meanError(row.correction),
          }))}
          categoryKey="type"
          series={[
            {
              key: 'correction',
              label: 'Mean correction, 95 % CI',
              color: SERIES_COLORS[2],
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

      <OutcomeSection
        id="disposition"
        title="Disposition"
        n={disposition.n}
        noun="procedures"
        emptyMessage={noProcedures(filtered)}
        description={
          <p>
            Same-day discharge against overnight observation by month performed and by type, and why
            patients stayed. Dashed: the NSQIP same-day share for osteoporotic augmentation.
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
            { key: 'sameDay', label: 'Same-day', color: SERIES_COLORS[0], stackId: 'share' },
            { key: 'overnight', label: 'Overnight', color: SERIES_COLORS[4], stackId: 'share' },
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
            type: `${PROCEDURE_LABELS[row.type]} (n = ${row.n})`,
            sameDay: pct(row.sameDayRate),
            sameDayError: rateError(row.sameDayRate, row.sameDayInterval),
          }))}
          categoryKey="type"
          series={[
            {
              key: 'sameDay',
              label: 'Same-day share, 95 % CI',
              color: SERIES_COLORS[0],
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
          references={subsequentFracture}
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
              type: `${PROCEDURE_LABELS[type]} (n = ${n})`,
              leakage: pct(rate),
              leakageError: rateError(rate, cementLeakage.interval),
            }
          })}
          categoryKey="type"
          series={[
            {
              key: 'leakage',
              label: 'Procedures with cement leakage, 95 % CI',
              color: SERIES_COLORS[3],
              errorKey: 'leakageError',
            },
          ]}
          valueLabel="Procedures (%)"
          unit=" %"
          height={220}
        />
      </OutcomeSection>

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

      <OutcomeSection
        id="patients-by-status"
        title="Patients by status"
        n={dashboard.pipeline.n}
        noun="patients"
        emptyMessage={
          filtered ? 'No patients match these filters.' : 'No patients have been referred yet.'
        }
        description={
          <p>
            The pipeline: every patient by current status. Here the filters read as in the registry:
            referral date in the range, the assigned physician, the patient&apos;s etiology and the
            planned procedure type.
          </p>
        }
        tables={[tables['patients-by-status']]}
        filterQuery={filterQuery}
      >
        <CategoryBarChart
          data={dashboard.pipeline.statuses.map((row) => ({
            status: STATUS_LABELS[row.status],
            patients: row.n,
          }))}
          categoryKey="status"
          series={[{ key: 'patients', label: 'Patients', color: SERIES_COLORS[0] }]}
          valueLabel="Patients"
          horizontal
          height={320}
        />
      </OutcomeSection>
    </div>
  )
}
