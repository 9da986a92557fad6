import tQuantile from '@stdlib/stats-base-dists-t-quantile'
// Pure outcome arithmetic (docs/clinical-definitions.md, Responder onwards). The database does the
// counting and summing; these turn its counts and sums into rates, means and intervals, and state
// the responder rule once.

/**
 * The responder rule: pain NRS fell by at least this many points AND at least this share of
 * baseline (the MCID consensus, Ostelo 2008). The share is a fraction of ten so the check stays
 * in integers: floating-point 0.3 × baseline would misjudge exact 30 % drops. The outcome rollup
 * counts responders by the same rule in SQL (db/migrations/0010): change both together.
 */
export const RESPONDER_MIN_DROP_POINTS = 2
export const RESPONDER_MIN_DROP_TENTHS = 3

/** Whether a patient with `baselineNrs` who now reports `nrs` (both 0–10) responded. */
export function isResponder(baselineNrs: number, nrs: number): boolean {
  const drop = baselineNrs - nrs
  // Baseline 0 can't respond: no drop of 2 points is possible from it.
  return drop >= RESPONDER_MIN_DROP_POINTS && drop * 10 >= RESPONDER_MIN_DROP_TENTHS * baselineNrs
}

export interface Interval {
  low: number
  high: number
}

/**
 * Wilson score interval for a proportion (z = 1.96 for 95 %). Unlike the normal approximation it
 * stays inside 0–1 and behaves at 0 % and 100 %, which small clinic samples often hit.
 */
export function wilsonInterval(successes: number, n: number, z = 1.96): Interval | null {
  if (n <= 0) return null
  const p = successes / n
  const z2 = z * z
  const denominator = 1 + z2 / n
  const centre = (p + z2 / (2 * n)) / denominator
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator
  // Clamp away rounding just outside 0–1 at p = 0 or 1.
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) }
}

/**
 * The t distribution's 97.5 % quantile (two-sided 95 %) for `df` degrees of freedom, exact (to
 * double precision, as R's qt(0.975, df)) from the inverse regularized incomplete beta function.
 */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) throw new RangeError('Degrees of freedom start at 1')
  return tQuantile(0.975, df)
}

export interface MeanWithCi {
  mean: number
  /** Null for a single observation: its spread is unknown. */
  low: number | null
  high: number | null
}

/**
 * Mean and 95 % t interval from a sample's count, sum and sum of squares (what SQL aggregates
 * return): s² = (Σx² − (Σx)²/n) / (n − 1), interval mean ± t(n−1) · s / √n. Null for n = 0.
 */
export function meanWithCi(n: number, sum: number, sumOfSquares: number): MeanWithCi | null {
  if (n <= 0) return null
  const mean = sum / n
  if (n === 1) return { mean, low: null, high: null }
  // Cancellation can leave a tiny negative variance when every value is equal.
  const variance = Math.max(0, (sumOfSquares - (sum * sum) / n) / (n - 1))
  const half = tQuantile975(n - 1) * Math.sqrt(variance / n)
  return { mean, low: mean - half, high: mean + half }
}
