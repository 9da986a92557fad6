export type Random = () => number

/** mulberry32: a tiny 32-bit PRNG, plenty for synthetic data and identical on every platform. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

/** Distinct indices get distinct seeds: adding a constant and fmix32 are both bijections. */
export function patientSeed(seed: number, index: number): number {
  return fmix32((fmix32(seed >>> 0) + index) >>> 0)
}

// MurmurHash3's finalizer: spreads neighbouring integers across all 32 bits.
function fmix32(value: number): number {
  let h = value
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!
}

/** A weighted pick among the choices not yet taken (distinct fracture levels, say). */
export function pickWeightedExcept<T>(
  random: Random,
  choices: readonly (readonly [T, number])[],
  taken: readonly T[],
): T {
  if (taken.length >= choices.length) throw new Error('pickWeightedExcept: every choice is taken')
  // Redrawing a taken value samples the rest in proportion to their weights, with no filtered copy.
  for (;;) {
    const value = pickWeighted(random, choices)
    if (!taken.includes(value)) return value
  }
}

export function pickWeighted<T>(random: Random, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0)
  let remaining = random() * total
  for (const [value, weight] of choices) {
    remaining -= weight
    if (remaining < 0) return value
  }
  // Floating-point rounding can leave a sliver past the last weight.
  return choices[choices.length - 1]![0]
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}

export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals
  return Math.round(value * factor) / factor
}
