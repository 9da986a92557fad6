import { and, eq, gte, lte, sql, type SQL } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { Database } from '@/db/client'
import { catchUpOutcomeRollup } from '@/db/outcome-rollup'
import {
  adverseEventCategories,
  followUpTimepoints,
  literatureBenchmarks,
  outcomeAdverseEventCounts,
  outcomeKyphosisBins,
  outcomeProcedureCounts,
  outcomeScores,
  overnightReasons,
  procedureTypes,
  type AdverseEventCategory,
  type Disposition,
  type Etiology,
  type FollowUpTimepoint,
  type OvernightReason,
  type ProcedureType,
} from '@/db/schema'
import { meanWithCi, wilsonInterval, type Interval, type MeanWithCi } from './rules'
import { countPatientsByStatus, type PatientsByStatus } from './pipeline'

// The outcome charts' SQL (docs/clinical-definitions.md), free of request context so the benchmark
// can run it; callers authorize first (lib/outcomes/dashboard.ts). The database counts and sums;
// JavaScript only turns the aggregated rows into rates, means and intervals
// (lib/outcomes/rules.ts). The charts read the outcome rollup (db/schema/): exact counts and sums
// per performed day, type, physician and etiology that triggers keep in step, so a page adds up
// rollup rows rather than scanning every follow-up
// (docs/performance-targets.md#outcomes-aggregation). Each entry point first applies what a bulk
// load left for later (catchUpOutcomeRollup: one cheap check when nothing waits).

/** A follow-up after the procedure: the responder rule compares one with the baseline. */
export type OutcomeTimepoint = Exclude<FollowUpTimepoint, 'baseline'>
export const DEFAULT_OUTCOME_TIMEPOINT: OutcomeTimepoint = 'm1'

/** The filters every chart shares; all apply to completed procedures. */
export interface OutcomeFilters {
  /** First performed date included (yyyy-mm-dd, the server's time zone). */
  from?: string
  /** Last performed date included (yyyy-mm-dd, the server's time zone). */
  to?: string
  type?: ProcedureType
  physicianId?: string
  /** The patient's etiology. */
  etiology?: Etiology
  /** Efficacy only: the follow-up the responder rule reads (default 1 month). */
  timepoint?: OutcomeTimepoint
}

/** The key columns every rollup table shares. */
interface RollupKey {
  day: PgColumn
  type: PgColumn
  physicianId: PgColumn
  etiology: PgColumn
}

/**
 * The completed procedures the filters select, as a condition on a rollup table. Its days are
 * performed dates in the server's time zone, as the procedure pages write them (set TZ to the
 * clinic's; db/client.ts rebuilds the rollup when the zone changes).
 */
function rollupScope(table: RollupKey, filters: OutcomeFilters): SQL | undefined {
  return and(
    filters.from ? gte(table.day, filters.from) : undefined,
    filters.to ? lte(table.day, filters.to) : undefined,
    filters.type ? eq(table.type, filters.type) : undefined,
    filters.physicianId ? eq(table.physicianId, filters.physicianId) : undefined,
    filters.etiology ? eq(table.etiology, filters.etiology) : undefined,
  )
}

const where = (condition: SQL | undefined) => (condition ? sql`where ${condition}` : sql``)

/** The procedure types a chart shows: the filtered one, or both in their declared order. */
const typesShown = (filters: OutcomeFilters): ProcedureType[] =>
  filters.type ? [filters.type] : [...procedureTypes]

// Both drivers (pg's QueryResult, PGlite's Results) return the rows under `rows`. Every number
// is cast to int or float8 in SQL, which both drivers return as JavaScript numbers.
async function aggregate<T>(db: Database, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] }
  return result.rows
}

// ---------------------------------------------------------------------------------------------
// Follow-up scores: one read of the rollup serves the efficacy and both score charts.

/** Sums by type and timepoint; the paired ones pair the timepoint with the same baseline. */
export interface ScoreRow {
  type: ProcedureType
  timepoint: FollowUpTimepoint
  pain_n: number
  pain_sum: number
  pain_sumsq: number
  odi_n: number
  odi_sum: number
  odi_sumsq: number
  paired_n: number
  responders: number
  improvement_sum: number
  improvement_sumsq: number
}

/** Every timepoint, or only `timepoint`. */
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

// ---------------------------------------------------------------------------------------------
// Efficacy: responders at a timepoint among procedures with both baseline and that timepoint.

export interface EfficacyForType {
  type: ProcedureType
  /** Completed procedures with a pain NRS at both baseline and the timepoint. */
  n: number
  responders: number
  /** responders / n; null when n = 0. */
  rate: number | null
  /** 95 % Wilson interval of the rate; null when n = 0. */
  interval: Interval | null
  /** Mean NRS improvement (baseline − timepoint, points) over the same n, with its 95 % CI. */
  improvement: MeanWithCi | null
}

export interface EfficacyByType {
  timepoint: OutcomeTimepoint
  n: number
  types: EfficacyForType[]
}

/**
 * Responder rate by procedure type (docs/clinical-definitions.md#efficacy-rate): NRS fell ≥ 2
 * points and ≥ 30 % from the same procedure's baseline. Each completed procedure counts once, with
 * its own baseline, so a patient treated twice contributes one observation per procedure.
 */
export async function efficacyByType(
  db: Database,
  filters: OutcomeFilters = {},
): Promise<EfficacyByType> {
  const timepoint = filters.timepoint ?? DEFAULT_OUTCOME_TIMEPOINT
  await catchUpOutcomeRollup(db)
  return summarizeEfficacy(await scoreRows(db, filters, timepoint), filters, timepoint)
}

// The rollup counts responders by the rule of lib/outcomes/rules.ts (migration 0010).
function summarizeEfficacy(
  rows: readonly ScoreRow[],
  filters: OutcomeFilters,
  timepoint: OutcomeTimepoint,
): EfficacyByType {
  const types = typesShown(filters).map((type): EfficacyForType => {
    const row = rows.find((r) => r.type === type && r.timepoint === timepoint)
    const n = row?.paired_n ?? 0
    const responders = row?.responders ?? 0
    return {
      type,
      n,
      responders,
      rate: n > 0 ? responders / n : null,
      interval: wilsonInterval(responders, n),
      improvement: meanWithCi(n, row?.improvement_sum ?? 0, row?.improvement_sumsq ?? 0),
    }
  })
  return { timepoint, n: sum(types.map((t) => t.n)), types }
}

// ---------------------------------------------------------------------------------------------
// Pain (NRS) and disability (ODI) over time.

export interface ScorePoint {
  timepoint: FollowUpTimepoint
  /** Assessments with this score at this timepoint. */
  n: number
  /** Null when n = 0; low and high are null when n < 2 (see meanWithCi). */
  mean: number | null
  low: number | null
  high: number | null
}

export interface ScoreSeries {
  /** Assessments counted across all timepoints and types. */
  n: number
  types: { type: ProcedureType; n: number; points: ScorePoint[] }[]
}

/**
 * Mean pain NRS and ODI at each timepoint by type, over every recorded assessment of the selected
 * procedures (unpaired: each timepoint's mean uses whoever was assessed then). One read of the
 * rollup serves both charts.
 */
export async function scoresOverTime(
  db: Database,
  filters: OutcomeFilters = {},
): Promise<{ pain: ScoreSeries; odi: ScoreSeries }> {
  await catchUpOutcomeRollup(db)
  return summarizeScores(await scoreRows(db, filters), filters)
}

function summarizeScores(
  rows: readonly ScoreRow[],
  filters: OutcomeFilters,
): { pain: ScoreSeries; odi: ScoreSeries } {
  const series = (score: 'pain' | 'odi'): ScoreSeries => {
    const types = typesShown(filters).map((type) => {
      const points = followUpTimepoints.map((timepoint): ScorePoint => {
        const row = rows.find((r) => r.type === type && r.timepoint === timepoint)
        const n = row?.[`${score}_n`] ?? 0
        const stats = meanWithCi(n, row?.[`${score}_sum`] ?? 0, row?.[`${score}_sumsq`] ?? 0)
        return {
          timepoint,
          n,
          mean: stats?.mean ?? null,
          low: stats?.low ?? null,
          high: stats?.high ?? null,
        }
      })
      return { type, n: sum(points.map((p) => p.n)), points }
    })
    return { n: sum(types.map((t) => t.n)), types }
  }
  return { pain: series('pain'), odi: series('odi') }
}

export const painOverTime = async (db: Database, filters: OutcomeFilters = {}) =>
  (await scoresOverTime(db, filters)).pain

export const odiOverTime = async (db: Database, filters: OutcomeFilters = {}) =>
  (await scoresOverTime(db, filters)).odi

// ---------------------------------------------------------------------------------------------
// Kyphotic angle correction per treated level.

/**
 * Histogram bin width in degrees: wide enough to keep a few bins, fine enough to see a shift.
 * The rollup stores levels by these bins (migration 0010): change both together.
 */
export const KYPHOSIS_BIN_DEG = 2

export interface KyphosisForType {
  type: ProcedureType
  /** Treated levels with the angle recorded both before and after. */
  n: number
  /** Mean correction (before − after, degrees) with its 95 % CI. */
  correction: MeanWithCi | null
  /** Levels by correction, [fromDeg, fromDeg + KYPHOSIS_BIN_DEG), contiguous, empty bins kept. */
  histogram: { fromDeg: number; toDeg: number; n: number }[]
}

export interface KyphosisCorrection {
  n: number
  binDeg: number
  types: KyphosisForType[]
}

/** Kyphotic angle correction = angle before − angle after, per treated level, by type. */
export async function kyphosisCorrection(
  db: Database,
  filters: OutcomeFilters = {},
): Promise<KyphosisCorrection> {
  await catchUpOutcomeRollup(db)
  return kyphosisFromRollup(db, filters)
}

async function kyphosisFromRollup(
  db: Database,
  filters: OutcomeFilters,
): Promise<KyphosisCorrection> {
  // Per type and bin; the per-type count, sum and sum of squares add up from the bins exactly.
  // The rollup's sums are integers in tenths of a degree (angles have one decimal), so the only
  // rounding is the final conversion to float8.
  const k = outcomeKyphosisBins
  const rows = await aggregate<{
    type: ProcedureType
    bin: number
    n: number
    sum: number
    sumsq: number
  }>(
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
  const types = typesShown(filters).map((type): KyphosisForType => {
    const bins = rows.filter((r) => r.type === type)
    const n = sum(bins.map((b) => b.n))
    const histogram: KyphosisForType['histogram'] = []
    const first = bins[0]
    const last = bins.at(-1)
    if (first && last) {
      for (let fromDeg = first.bin; fromDeg <= last.bin; fromDeg += KYPHOSIS_BIN_DEG) {
        const bin = bins.find((b) => b.bin === fromDeg)
        histogram.push({ fromDeg, toDeg: fromDeg + KYPHOSIS_BIN_DEG, n: bin?.n ?? 0 })
      }
    }
    return {
      type,
      n,
      correction: meanWithCi(n, sum(bins.map((b) => b.sum)), sum(bins.map((b) => b.sumsq))),
      histogram,
    }
  })
  return { n: sum(types.map((t) => t.n)), binDeg: KYPHOSIS_BIN_DEG, types }
}

// ---------------------------------------------------------------------------------------------
// Disposition and monthly volume: one count of procedures by month, type, disposition and reason.

interface MixRow {
  month: string
  type: ProcedureType
  disposition: Disposition
  reason: OvernightReason | null
  n: number
}

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

/** Every month from the first to the last (yyyy-mm), so charts show empty months as zero. */
function monthRange(rows: readonly { month: string }[]): string[] {
  const months = rows.map((r) => r.month).sort()
  const first = months[0]
  const last = months.at(-1)
  if (!first || !last) return []
  const range: string[] = []
  let [year, month] = first.split('-').map(Number) as [number, number]
  for (let key = first; key <= last;) {
    range.push(key)
    month += 1
    if (month > 12) [year, month] = [year + 1, 1]
    key = `${year}-${String(month).padStart(2, '0')}`
  }
  return range
}

export interface DispositionCounts {
  n: number
  sameDay: number
  overnight: number
  /** sameDay / n; null when n = 0. */
  sameDayRate: number | null
  /** 95 % Wilson interval of the same-day share. */
  sameDayInterval: Interval | null
}

export interface DispositionSummary extends DispositionCounts {
  byMonth: ({ month: string } & DispositionCounts)[]
  byType: ({ type: ProcedureType } & DispositionCounts)[]
  /** Overnight stays by reason (every reason listed, zeros kept), overall and by type. */
  overnightReasons: { reason: OvernightReason; n: number; byType: Record<ProcedureType, number> }[]
}

function dispositionCounts(rows: readonly MixRow[]): DispositionCounts {
  const n = sum(rows.map((r) => r.n))
  const sameDay = sum(rows.filter((r) => r.disposition === 'same_day').map((r) => r.n))
  return {
    n,
    sameDay,
    overnight: n - sameDay,
    sameDayRate: n > 0 ? sameDay / n : null,
    sameDayInterval: wilsonInterval(sameDay, n),
  }
}

function summarizeDisposition(rows: MixRow[], filters: OutcomeFilters): DispositionSummary {
  return {
    ...dispositionCounts(rows),
    byMonth: monthRange(rows).map((month) => ({
      month,
      ...dispositionCounts(rows.filter((r) => r.month === month)),
    })),
    byType: typesShown(filters).map((type) => ({
      type,
      ...dispositionCounts(rows.filter((r) => r.type === type)),
    })),
    overnightReasons: overnightReasons.map((reason) => {
      const matching = rows.filter((r) => r.disposition === 'overnight' && r.reason === reason)
      const byType = Object.fromEntries(
        procedureTypes.map((type) => [
          type,
          sum(matching.filter((r) => r.type === type).map((r) => r.n)),
        ]),
      ) as Record<ProcedureType, number>
      return { reason, n: sum(matching.map((r) => r.n)), byType }
    }),
  }
}

export interface MonthlyVolume {
  n: number
  months: { month: string; n: number; byType: Record<ProcedureType, number> }[]
}

function summarizeVolume(rows: MixRow[]): MonthlyVolume {
  return {
    n: sum(rows.map((r) => r.n)),
    months: monthRange(rows).map((month) => {
      const inMonth = rows.filter((r) => r.month === month)
      const byType = Object.fromEntries(
        procedureTypes.map((type) => [
          type,
          sum(inMonth.filter((r) => r.type === type).map((r) => r.n)),
        ]),
      ) as Record<ProcedureType, number>
      return { month, n: sum(inMonth.map((r) => r.n)), byType }
    }),
  }
}

/** Same-day vs overnight by month (performed) and by type, and the overnight reasons. */
export async function disposition(
  db: Database,
  filters: OutcomeFilters = {},
): Promise<DispositionSummary> {
  await catchUpOutcomeRollup(db)
  return summarizeDisposition(await procedureMix(db, filters), filters)
}

/** Completed procedures per month (performed), by type. */
export async function monthlyVolume(
  db: Database,
  filters: OutcomeFilters = {},
): Promise<MonthlyVolume> {
  await catchUpOutcomeRollup(db)
  return summarizeVolume(await procedureMix(db, filters))
}

// ---------------------------------------------------------------------------------------------
// Adverse events per procedure.

export interface EventCounts {
  /** Adverse events recorded. */
  events: number
  /** Procedures with at least one such event. */
  procedures: number
  symptomatic: number
  /** events / procedures of the type; null when the type has none. */
  ratePerProcedure: number | null
  /** 95 % Wilson interval of the share of procedures with such an event. */
  interval: Interval | null
}

export interface AdverseEventsForType {
  type: ProcedureType
  /** Completed procedures of the type: the denominator. */
  n: number
  /** Every category but cement leakage, zeros kept. */
  categories: ({ category: Exclude<AdverseEventCategory, 'cement_leakage'> } & EventCounts)[]
  /** Cement leakage, reported apart (it is mostly asymptomatic and found on imaging). */
  cementLeakage: EventCounts
}

export interface AdverseEventSummary {
  n: number
  types: AdverseEventsForType[]
}

interface EventRow {
  type: ProcedureType
  category: AdverseEventCategory
  events: number
  affected: number
  symptomatic: number
}

/** The selected procedures' adverse events by type and category. */
async function adverseEventCounts(db: Database, filters: OutcomeFilters): Promise<EventRow[]> {
  // The denominators come from the procedure mix, which the dashboard reads anyway.
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

function summarizeAdverseEvents(
  events: readonly EventRow[],
  mix: readonly MixRow[],
  filters: OutcomeFilters,
): AdverseEventSummary {
  const types = typesShown(filters).map((type): AdverseEventsForType => {
    // Every selected procedure of the type, with or without an event.
    const n = sum(mix.filter((r) => r.type === type).map((r) => r.n))
    const counts = (category: AdverseEventCategory): EventCounts => {
      const row = events.find((r) => r.type === type && r.category === category)
      const count = row?.events ?? 0
      const affected = row?.affected ?? 0
      return {
        events: count,
        procedures: affected,
        symptomatic: row?.symptomatic ?? 0,
        ratePerProcedure: n > 0 ? count / n : null,
        interval: wilsonInterval(affected, n),
      }
    }
    return {
      type,
      n,
      categories: adverseEventCategories
        .filter((c): c is Exclude<AdverseEventCategory, 'cement_leakage'> => c !== 'cement_leakage')
        .map((category) => ({ category, ...counts(category) })),
      cementLeakage: counts('cement_leakage'),
    }
  })
  return { n: sum(types.map((t) => t.n)), types }
}

/** Adverse events by category and type, per completed procedure; cement leakage apart. */
export async function adverseEvents(
  db: Database,
  filters: OutcomeFilters = {},
): Promise<AdverseEventSummary> {
  await catchUpOutcomeRollup(db)
  const [events, mix] = await Promise.all([
    adverseEventCounts(db, filters),
    procedureMix(db, filters),
  ])
  return summarizeAdverseEvents(events, mix, filters)
}

// ---------------------------------------------------------------------------------------------
// Literature benchmarks and the whole dashboard.

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
export async function benchmarks(db: Database): Promise<Benchmark[]> {
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
  filters: OutcomeFilters & { timepoint: OutcomeTimepoint }
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
  const [scoreSums, kyphosis, mix, events, pipeline, literature] = await Promise.all([
    scoreRows(db, resolved),
    kyphosisFromRollup(db, resolved),
    procedureMix(db, resolved),
    adverseEventCounts(db, resolved),
    countPatientsByStatus(db, resolved),
    benchmarks(db),
  ])
  return {
    filters: resolved,
    ...scoreCharts(scoreSums, resolved),
    kyphosis,
    disposition: summarizeDisposition(mix, resolved),
    adverseEvents: summarizeAdverseEvents(events, mix, resolved),
    volume: summarizeVolume(mix),
    pipeline,
    benchmarks: literature,
  }
}

/**
 * The efficacy, pain and ODI charts from score sums by type and timepoint (the benchmark also
 * feeds it sums computed in JavaScript from the base rows, to compare).
 */
export function scoreCharts(
  sums: readonly ScoreRow[],
  filters: OutcomeFilters & { timepoint: OutcomeTimepoint },
): { efficacy: EfficacyByType; pain: ScoreSeries; odi: ScoreSeries } {
  return {
    efficacy: summarizeEfficacy(sums, filters, filters.timepoint),
    ...summarizeScores(sums, filters),
  }
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0)
}
