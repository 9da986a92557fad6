import {
  adverseEventCategories,
  followUpTimepoints,
  overnightReasons,
  procedureTypes,
  type AdverseEventCategory,
  type Disposition,
  type FollowUpTimepoint,
  type OvernightReason,
  type ProcedureType,
} from '@/db/schema'
import {
  typesShown,
  type OutcomeFilters,
  type OutcomeTimepoint,
  type ResolvedOutcomeFilters,
} from './filters'
import { meanWithCi, wilsonInterval, type Interval, type MeanWithCi } from './rules'

// The outcome charts' figures from the rollup's aggregated rows (lib/outcomes/queries.ts reads
// them): the database counts and sums; these pure functions only turn the sums into rates, means
// and intervals (lib/outcomes/rules.ts) and lay them out as each chart needs them.

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0)
}

/** A count per procedure type, every type listed (zeros kept). */
function countsByType(rows: readonly { type: ProcedureType; n: number }[]) {
  return Object.fromEntries(
    procedureTypes.map((type) => [type, sum(rows.filter((r) => r.type === type).map((r) => r.n))]),
  ) as Record<ProcedureType, number>
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
 * its own baseline, so a patient treated twice contributes one observation per procedure. The
 * rollup counts responders by the rule of lib/outcomes/rules.ts (migration 0010).
 */
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
 * procedures (unpaired: each timepoint's mean uses whoever was assessed then).
 */
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

/**
 * The efficacy, pain and ODI charts from score sums by type and timepoint (the benchmark also
 * feeds it sums computed in JavaScript from the base rows, to compare).
 */
export function scoreCharts(
  sums: readonly ScoreRow[],
  filters: ResolvedOutcomeFilters,
): { efficacy: EfficacyByType; pain: ScoreSeries; odi: ScoreSeries } {
  return {
    efficacy: summarizeEfficacy(sums, filters, filters.timepoint),
    ...summarizeScores(sums, filters),
  }
}

// ---------------------------------------------------------------------------------------------
// Kyphotic angle correction per treated level.

/**
 * Histogram bin width in degrees: wide enough to keep a few bins, fine enough to see a shift.
 * The rollup stores levels by these bins (migration 0010): change both together.
 */
export const KYPHOSIS_BIN_DEG = 2

/** Treated levels by type and correction bin, with the bin's sum and sum of squares (degrees). */
export interface KyphosisBinRow {
  type: ProcedureType
  bin: number
  n: number
  sum: number
  sumsq: number
}

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

/**
 * Kyphotic angle correction = angle before − angle after, per treated level, by type. The per-type
 * count, sum and sum of squares add up from the bins exactly. Bins come in ascending order.
 */
export function summarizeKyphosis(
  rows: readonly KyphosisBinRow[],
  filters: OutcomeFilters,
): KyphosisCorrection {
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

export interface MixRow {
  /** yyyy-mm */
  month: string
  type: ProcedureType
  disposition: Disposition
  reason: OvernightReason | null
  n: number
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

/** Same-day vs overnight by month (performed) and by type, and the overnight reasons. */
export function summarizeDisposition(
  rows: readonly MixRow[],
  filters: OutcomeFilters,
): DispositionSummary {
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
      return { reason, n: sum(matching.map((r) => r.n)), byType: countsByType(matching) }
    }),
  }
}

export interface MonthlyVolume {
  n: number
  months: { month: string; n: number; byType: Record<ProcedureType, number> }[]
}

/** Completed procedures per month (performed), by type. */
export function summarizeVolume(rows: readonly MixRow[]): MonthlyVolume {
  return {
    n: sum(rows.map((r) => r.n)),
    months: monthRange(rows).map((month) => {
      const inMonth = rows.filter((r) => r.month === month)
      return { month, n: sum(inMonth.map((r) => r.n)), byType: countsByType(inMonth) }
    }),
  }
}

// ---------------------------------------------------------------------------------------------
// Adverse events per procedure.

/** Adverse events by type and category: events, procedures affected, symptomatic events. */
export interface EventRow {
  type: ProcedureType
  category: AdverseEventCategory
  events: number
  affected: number
  symptomatic: number
}

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

/**
 * Adverse events by category and type, per completed procedure; cement leakage apart. The
 * denominators come from the procedure mix, which the dashboard reads anyway.
 */
export function summarizeAdverseEvents(
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
