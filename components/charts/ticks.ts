// Round axis ticks: steps of 1, 2, 2.5 or 5 times a power of ten, at most seven ticks, from the
// lowest value (0 unless an axis goes below it) to the first tick at or above the largest.

const STEPS = [1, 2, 2.5, 5, 10]
const MAX_TICKS = 7

/** Ticks from `lowest` (rounded down) to at least `largest`, e.g. 260 → 0, 50, …, 300. */
export function niceTicks(largest: number, lowest = 0): number[] {
  const span = largest - lowest
  if (!(span > 0)) return [lowest, lowest + 1]
  const magnitude = 10 ** Math.floor(Math.log10(span / (MAX_TICKS - 1)))
  const step = STEPS.map((m) => m * magnitude).find((s) => Math.ceil(span / s) <= MAX_TICKS - 1)!
  const first = Math.floor(lowest / step) * step
  const count = Math.ceil((largest - first) / step - 1e-9)
  // Multiplying (not adding) keeps 0.1-steps free of floating-point drift.
  return Array.from({ length: count + 1 }, (_, index) =>
    Number((first + index * step).toPrecision(12)),
  )
}
