import type { FollowUpTimepoint, ProcedureType } from '@/db/schema'
import { TIMEPOINT_LABELS } from '@/lib/follow-ups/rules'
import { STATUS_LABELS } from '@/lib/candidates/labels'
import {
  ADVERSE_EVENT_LABELS,
  OVERNIGHT_REASON_LABELS,
  PROCEDURE_LABELS,
} from '@/lib/procedures/labels'
import type { Benchmark, OutcomesDashboard } from './queries'
import type { DispositionCounts, ScoreSeries } from './summaries'
import type { Interval, MeanWithCi } from './rules'

// The numbers behind every chart as plain tables: the page's "Show data" tables and the CSV
// downloads both render these, so the two always hold exactly the same figures.

/** A number rounded for display; text; or nothing (no data, or not applicable). */
export type TableCell = string | { value: number; digits: number } | null

export interface OutcomeTable {
  id: OutcomeTableId
  title: string
  columns: string[]
  rows: TableCell[][]
}

export const OUTCOME_TABLE_IDS = [
  'efficacy',
  'pain',
  'odi',
  'kyphosis',
  'kyphosis-distribution',
  'disposition-by-month',
  'disposition-by-type',
  'overnight-reasons',
  'adverse-events',
  'monthly-volume',
  'patients-by-status',
] as const
export type OutcomeTableId = (typeof OUTCOME_TABLE_IDS)[number]

/** A cell as text, the same in the table and the CSV file. */
export function cellText(cell: TableCell): string {
  if (cell === null) return ''
  if (typeof cell === 'string') return cell
  return cell.value.toFixed(cell.digits)
}

const count = (value: number): TableCell => ({ value, digits: 0 })
const decimal = (value: number | null | undefined, digits = 2): TableCell =>
  value === null || value === undefined ? null : { value, digits }
/** A proportion (0–1) as a percentage with one decimal. */
const percent = (value: number | null | undefined): TableCell =>
  value === null || value === undefined ? null : { value: value * 100, digits: 1 }

const intervalCells = (interval: Interval | null, cell: typeof percent): TableCell[] => [
  cell(interval?.low),
  cell(interval?.high),
]
const meanCells = (stats: MeanWithCi | null): TableCell[] => [
  decimal(stats?.mean),
  decimal(stats?.low),
  decimal(stats?.high),
]

/** The literature value for a measure and type (and timepoint), if the seeded table has one. */
export function findBenchmark(
  benchmarks: readonly Benchmark[],
  measure: string,
  type: Benchmark['procedureType'],
  timepoint: FollowUpTimepoint | null = null,
): Benchmark | undefined {
  return benchmarks.find(
    (b) => b.measure === measure && b.procedureType === type && b.timepoint === timepoint,
  )
}

/**
 * A literature mean score at a timepoint: the study's baseline minus its improvement (EVOLVE
 * reports improvements). Undefined where the study did not report that timepoint.
 */
export function benchmarkScore(
  benchmarks: readonly Benchmark[],
  score: 'nrs' | 'odi',
  type: ProcedureType,
  timepoint: FollowUpTimepoint,
): { value: number; source: string } | undefined {
  const baseline = findBenchmark(benchmarks, `${score}_baseline`, type, 'baseline')
  if (!baseline) return undefined
  if (timepoint === 'baseline') return { value: baseline.value, source: baseline.source }
  const improvement = findBenchmark(benchmarks, `${score}_improvement`, type, timepoint)
  return improvement && { value: baseline.value - improvement.value, source: improvement.source }
}

function scoreTable(
  id: 'pain' | 'odi',
  title: string,
  series: ScoreSeries,
  benchmarks: readonly Benchmark[],
): OutcomeTable {
  return {
    id,
    title,
    columns: [
      'Procedure type',
      'Timepoint',
      'Assessments',
      'Mean',
      '95 % CI low',
      '95 % CI high',
      'Literature mean',
      'Literature source',
    ],
    rows: series.types.flatMap(({ type, points }) =>
      points.map((point) => {
        const literature = benchmarkScore(
          benchmarks,
          id === 'pain' ? 'nrs' : 'odi',
          type,
          point.timepoint,
        )
        return [
          PROCEDURE_LABELS[type],
          TIMEPOINT_LABELS[point.timepoint],
          count(point.n),
          decimal(point.mean),
          decimal(point.low),
          decimal(point.high),
          decimal(literature?.value, 1),
          literature?.source ?? null,
        ]
      }),
    ),
  }
}

/** Every chart's numbers for one dashboard, by table id. */
export function outcomeTables(dashboard: OutcomesDashboard): Record<OutcomeTableId, OutcomeTable> {
  const { efficacy, kyphosis, disposition, adverseEvents, volume, benchmarks } = dashboard
  const timepoint = TIMEPOINT_LABELS[efficacy.timepoint].toLowerCase()
  const typesShown = efficacy.types.map((t) => t.type)
  const sameDayBenchmark = findBenchmark(benchmarks, 'same_day_discharge_rate', null)
  const dispositionCells = (row: DispositionCounts): TableCell[] => [
    count(row.n),
    count(row.sameDay),
    count(row.overnight),
    percent(row.sameDayRate),
    ...intervalCells(row.sameDayInterval, percent),
  ]
  const dispositionColumns = [
    'Procedures',
    'Same-day',
    'Overnight',
    'Same-day share (%)',
    '95 % CI low (%)',
    '95 % CI high (%)',
  ]

  return {
    efficacy: {
      id: 'efficacy',
      title: `Efficacy by procedure type at ${timepoint}`,
      columns: [
        'Procedure type',
        'Procedures with both scores',
        'Responders',
        'Responder rate (%)',
        '95 % CI low (%)',
        '95 % CI high (%)',
        'Mean NRS improvement (points)',
        'Improvement 95 % CI low',
        'Improvement 95 % CI high',
        'Cited success rate (%)',
        'Literature source',
      ],
      rows: efficacy.types.map((row) => {
        const literature = findBenchmark(benchmarks, 'responder_rate', row.type)
        return [
          PROCEDURE_LABELS[row.type],
          count(row.n),
          count(row.responders),
          percent(row.rate),
          ...intervalCells(row.interval, percent),
          ...meanCells(row.improvement),
          percent(literature?.value),
          literature?.source ?? null,
        ]
      }),
    },
    pain: scoreTable('pain', 'Pain (NRS 0–10) over time', dashboard.pain, benchmarks),
    odi: scoreTable('odi', 'Disability (ODI 0–100) over time', dashboard.odi, benchmarks),
    kyphosis: {
      id: 'kyphosis',
      title: 'Kyphotic angle correction per treated level',
      columns: [
        'Procedure type',
        'Treated levels',
        'Mean correction (°)',
        '95 % CI low (°)',
        '95 % CI high (°)',
        'Literature mean (°)',
        'Literature source',
      ],
      rows: kyphosis.types.map((row) => {
        const literature = findBenchmark(benchmarks, 'kyphosis_reduction_deg', row.type)
        return [
          PROCEDURE_LABELS[row.type],
          count(row.n),
          ...meanCells(row.correction),
          decimal(literature?.value, 1),
          literature?.source ?? null,
        ]
      }),
    },
    'kyphosis-distribution': {
      id: 'kyphosis-distribution',
      title: 'Kyphotic angle correction: distribution',
      columns: ['Procedure type', 'Correction from (°)', 'Correction below (°)', 'Treated levels'],
      rows: kyphosis.types.flatMap(({ type, histogram }) =>
        histogram.map((bin) => [
          PROCEDURE_LABELS[type],
          count(bin.fromDeg),
          count(bin.toDeg),
          count(bin.n),
        ]),
      ),
    },
    'disposition-by-month': {
      id: 'disposition-by-month',
      title: 'Disposition by month',
      columns: ['Month', ...dispositionColumns],
      rows: disposition.byMonth.map((row) => [row.month, ...dispositionCells(row)]),
    },
    'disposition-by-type': {
      id: 'disposition-by-type',
      title: 'Disposition by procedure type',
      columns: [
        'Procedure type',
        ...dispositionColumns,
        'Literature same-day share (%)',
        'Literature source',
      ],
      rows: disposition.byType.map((row) => [
        PROCEDURE_LABELS[row.type],
        ...dispositionCells(row),
        percent(sameDayBenchmark?.value),
        sameDayBenchmark?.source ?? null,
      ]),
    },
    'overnight-reasons': {
      id: 'overnight-reasons',
      title: 'Overnight stays by reason',
      columns: ['Overnight reason', ...typesShown.map((type) => PROCEDURE_LABELS[type]), 'Total'],
      rows: disposition.overnightReasons.map((row) => [
        OVERNIGHT_REASON_LABELS[row.reason],
        ...typesShown.map((type) => count(row.byType[type])),
        count(row.n),
      ]),
    },
    'adverse-events': {
      id: 'adverse-events',
      title: 'Adverse events per procedure',
      columns: [
        'Procedure type',
        'Category',
        'Procedures',
        'Events',
        'Procedures with the event',
        'Symptomatic events',
        'Events per 100 procedures',
        'Share of procedures (%)',
        '95 % CI low (%)',
        '95 % CI high (%)',
      ],
      rows: adverseEvents.types.flatMap(({ type, n, categories, cementLeakage }) =>
        [...categories, { category: 'cement_leakage' as const, ...cementLeakage }].map((row) => [
          PROCEDURE_LABELS[type],
          ADVERSE_EVENT_LABELS[row.category],
          count(n),
          count(row.events),
          count(row.procedures),
          count(row.symptomatic),
          decimal(row.ratePerProcedure === null ? null : row.ratePerProcedure * 100, 1),
          percent(n > 0 ? row.procedures / n : null),
          ...intervalCells(row.interval, percent),
        ]),
      ),
    },
    'monthly-volume': {
      id: 'monthly-volume',
      title: 'Completed procedures per month',
      columns: ['Month', ...typesShown.map((type) => PROCEDURE_LABELS[type]), 'Total'],
      rows: volume.months.map((row) => [
        row.month,
        ...typesShown.map((type) => count(row.byType[type])),
        count(row.n),
      ]),
    },
    'patients-by-status': {
      id: 'patients-by-status',
      title: 'Patients by current status',
      columns: ['Status', 'Patients'],
      rows: dashboard.pipeline.statuses.map((row) => [STATUS_LABELS[row.status], count(row.n)]),
    },
  }
}
