import { and, eq, sql, type SQL } from 'drizzle-orm'
import type { Database } from '@/db/client'
import { catchUpOutcomeRollup } from '@/db/outcome-rollup'
import {
  followUpTimepoints,
  literatureBenchmarks,
  outcomeAdverseEventCounts,
  outcomeKyphosisBins,
  outcomeProcedureCounts,
  outcomeScores,
  type Etiology,
  type FollowUpTimepoint,
  type ProcedureType,
} from '@/db/schema'
import {
  DEFAULT_OUTCOME_TIMEPOINT,
  rollupScope,
  type OutcomeFilters,
  type ResolvedOutcomeFilters,
} from './filters'
import { countPatientsByStatus, type PatientsByStatus } from './pipeline'
import {
  scoreCharts,
  summarizeAdverseEvents,
  summarizeDisposition,
  summarizeKyphosis,
  summarizeVolume,
  type AdverseEventSummary,
  type DispositionSummary,
  type EfficacyByType,
  type EventRow,
  type KyphosisBinRow,
  type KyphosisCorrection,
  type MixRow,
  type MonthlyVolume,
  type ScoreRow,
  type ScoreSeries,
} from './summaries'

// The outcome charts' SQL (docs/clinical-definitions.md), free of request context so the benchmark
// can run it; callers authorize first (lib/outcomes/dashboard.ts). The database counts and sums;
// lib/outcomes/summaries.ts turns the aggregated rows into rates, means and intervals. The charts
// read the outcome rollup (db/schema/outcome-rollup.ts): exact counts and sums per performed
// day, type, physician and etiology that triggers keep in step, so a page adds up rollup rows
// rather than scanning every follow-up (docs/performance-targets.md#outcomes-aggregation). The
// dashboard first applies what a bulk load left for later (catchUpOutcomeRollup: one cheap check
// when nothing waits).

const where = (condition: SQL | undefined) => (condition ? sql`where ${condition}` : sql``)

// Both drivers (pg's QueryResult, PGlite's Results) return the rows under `rows`. Every number
// is cast to int or float8 in SQL, which both drivers return as JavaScript numbers.
async function aggregate<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}

/** Score sums by type and timepoint: every timepoint, or only `timepoint`. */
async function scoreRows(
  db: Database,
  filters: OutcomeFilters,
  timepoint?: FollowUpTimepoint,
): Promise<ScoreRow[]> {
  const s = outcomeScores
  return aggregate<ScoreRow>(
    db,
    sql`
      select ${s.type} as type, ${s.timepoint} as timepoint,
        sum(${s.painN})::int as pain_n,
        sum(${s.painSum})::float8 as pain_sum,
        sum(${s.painSumsq})::float8 as pain_sumsq,
        sum(${s.odiN})::int as odi_n,
        sum(${s.odiSum})::float8 as odi_sum,
        sum(${s.odiSumsq})::float8 as odi_sumsq,
        sum(${s.pairedN})::int as paired_n,
        sum(${s.responders})::int as responders,
        sum(${s.improvementSum})::float8 as improvement_sum,
        sum(${s.improvementSumsq})::float8 as improvement_sumsq
      from ${s}
      ${where(and(timepoint ? eq(s.timepoint, timepoint) : undefined, rollupScope(s, filters)))}
      group by ${s.type}, ${s.timepoint}`,
  )
}

/** Treated levels by type and correction bin, bins in ascending order. */
async function kyphosisBins(db: Database, filters: OutcomeFilters): Promise<KyphosisBinRow[]> {
  // The rollup's sums are integers in tenths of a degree (angles have one decimal), so the only
  // rounding is the final conversion to float8.
  const k = outcomeKyphosisBins
  return aggregate<KyphosisBinRow>(
    db,
    sql`
      select ${k.type} as type, ${k.binDeg} as bin, sum(${k.n})::int as n,
        (sum(${k.correctionTenthsSum}) / 10.0)::float8 as sum,
        (sum(${k.correctionTenthsSumsq}) / 100.0)::float8 as sumsq
      from ${k}
      ${where(rollupScope(k, filters))}
      group by ${k.type}, ${k.binDeg}
      order by ${k.type}, ${k.binDeg}`,
  )
}

/** Completed procedures by month performed, type, disposition and overnight reason. */
async function procedureMix(db: Database, filters: OutcomeFilters): Promise<MixRow[]> {
  // Months are the calendar months of the rollup's days (the server's time zone). Formatted per
  // group, not per row: date_trunc is cheaper than to_char.
  const c = outcomeProcedureCounts
  return aggregate<MixRow>(
    db,
    sql`
      select to_char(month, 'YYYY-MM') as month, type, disposition, reason, sum(n)::int as n
      from (
        select date_trunc('month', ${c.day}::timestamp) as month, ${c.type} as type,
          ${c.disposition} as disposition, ${c.overnightReason} as reason, ${c.n} as n
        from ${c}
        ${where(rollupScope(c, filters))}
      ) scoped
      group by scoped.month, type, disposition, reason
      order by scoped.month`,
  )
}

/** The selected procedures' adverse events by type and category. */
async function adverseEventCounts(db: Database, filters: OutcomeFilters): Promise<EventRow[]> {
  const e = outcomeAdverseEventCounts
  return aggregate<EventRow>(
    db,
    sql`
      select ${e.type} as type, ${e.category} as category, sum(${e.events})::int as events,
        sum(${e.procedures})::int as affected, sum(${e.symptomatic})::int as symptomatic
      from ${e}
      ${where(rollupScope(e, filters))}
      group by ${e.type}, ${e.category}`,
  )
}

export interface Benchmark {
  source: string
  procedureType: ProcedureType | 'non_surgical' | null
  measure: string
  timepoint: FollowUpTimepoint | null
  value: number
  note: string | null
}

/**
 * The seeded literature values (docs/clinical-definitions.md#literature-benchmarks), by measure,
 * type and timepoint.
 */
async function benchmarks(db: Database): Promise<Benchmark[]> {
  const rows = await db
    .select({
      source: literatureBenchmarks.source,
      procedureType: literatureBenchmarks.procedureType,
      measure: literatureBenchmarks.measure,
      timepoint: literatureBenchmarks.timepoint,
      value: literatureBenchmarks.value,
      note: literatureBenchmarks.note,
    })
    .from(literatureBenchmarks)
  // A CHECK constraint holds procedure_type and timepoint to these names; the table is tiny.
  const timepointOrder = (t: string | null) =>
    t === null ? -1 : followUpTimepoints.indexOf(t as FollowUpTimepoint)
  return rows
    .map((row) => ({
      ...row,
      procedureType: row.procedureType as Benchmark['procedureType'],
      timepoint: row.timepoint as Benchmark['timepoint'],
    }))
    .sort(
      (a, b) =>
        a.measure.localeCompare(b.measure) ||
        a.source.localeCompare(b.source) ||
        (a.procedureType ?? '').localeCompare(b.procedureType ?? '') ||
        timepointOrder(a.timepoint) - timepointOrder(b.timepoint),
    )
}

export interface OutcomesDashboard {
  filters: ResolvedOutcomeFilters
  efficacy: EfficacyByType
  pain: ScoreSeries
  odi: ScoreSeries
  kyphosis: KyphosisCorrection
  disposition: DispositionSummary
  adverseEvents: AdverseEventSummary
  volume: MonthlyVolume
  pipeline: PatientsByStatus
  benchmarks: Benchmark[]
}

/** Every chart of the outcomes page for one set of filters: five rollup reads in parallel. */
export async function outcomesDashboard(
  db: Database,
  filters: OutcomeFilters = {},
): Promise<OutcomesDashboard> {
  const resolved = { ...filters, timepoint: filters.timepoint ?? DEFAULT_OUTCOME_TIMEPOINT }
  await catchUpOutcomeRollup(db)
  const [scoreSums, bins, mix, events, pipeline, literature] = await Promise.all([
    scoreRows(db, resolved),
    kyphosisBins(db, resolved),
    procedureMix(db, resolved),
    adverseEventCounts(db, resolved),
    countPatientsByStatus(db, resolved),
    benchmarks(db),
  ])
  return {
    filters: resolved,
    ...scoreCharts(scoreSums, resolved),
    kyphosis: summarizeKyphosis(bins, resolved),
    disposition: summarizeDisposition(mix, resolved),
    adverseEvents: summarizeAdverseEvents(events, mix, resolved),
    volume: summarizeVolume(mix),
    pipeline,
    benchmarks: applicableBenchmarks(literature, resolved),
  }
}

// Literature measured on one etiology only: not drawn beside another etiology's procedures.
const STUDIED_ETIOLOGY: Record<string, Etiology> = { same_day_discharge_rate: 'osteoporotic' }

/**
 * The literature values that apply to the filtered procedures: a figure studied on one etiology
 * (NSQIP's same-day share: osteoporotic fractures) is shown for that etiology or all, not for
 * another.
 */
export function applicableBenchmarks(
  literature: readonly Benchmark[],
  filters: Pick<OutcomeFilters, 'etiology'>,
): Benchmark[] {
  return literature.filter((benchmark) => {
    const studied = STUDIED_ETIOLOGY[benchmark.measure]
    return !studied || !filters.etiology || filters.etiology === studied
  })
}
