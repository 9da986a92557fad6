import { describe, expect, it } from 'vitest'
import { isResponder, meanWithCi, tQuantile975, wilsonInterval } from './rules'

describe('isResponder', () => {
  it('counts a drop of at least 2 points and at least 30 %', () => {
    expect(isResponder(8, 3)).toBe(true)
    expect(isResponder(10, 0)).toBe(true)
  })

  it('counts exactly −2 points when that is at least 30 %', () => {
    // 6 → 4 is −2 points and −33 %.
    expect(isResponder(6, 4)).toBe(true)
    // 5 → 3 is −2 points and −40 %.
    expect(isResponder(5, 3)).toBe(true)
  })

  it('counts exactly −30 %', () => {
    // 10 → 7 is −3 points, exactly −30 %.
    expect(isResponder(10, 7)).toBe(true)
    // Just under it: 10 → 8 is −2 points but −20 %.
    expect(isResponder(10, 8)).toBe(false)
  })

  it('refuses a drop of 2 points that is under 30 %', () => {
    // 8 → 6 is −2 points but −25 %; 9 → 7 is −22 %.
    expect(isResponder(8, 6)).toBe(false)
    expect(isResponder(9, 7)).toBe(false)
  })

  it('refuses a drop of 30 % or more that is under 2 points', () => {
    // 3 → 2 is −33 % but only −1 point.
    expect(isResponder(3, 2)).toBe(false)
  })

  it('refuses no change, worsening and a baseline of 0', () => {
    expect(isResponder(7, 7)).toBe(false)
    expect(isResponder(5, 8)).toBe(false)
    expect(isResponder(0, 0)).toBe(false)
  })
})

describe('wilsonInterval', () => {
  // Published values carry 3 or 4 decimals; compare at that precision.
  const expectInterval = (
    interval: { low: number; high: number } | null,
    [low, high]: [number, number],
    digits: number,
  ) => {
    expect(interval).not.toBeNull()
    expect(interval!.low).toBeCloseTo(low, digits)
    expect(interval!.high).toBeCloseTo(high, digits)
  }

  it('matches published values', () => {
    expectInterval(wilsonInterval(87, 100), [0.79, 0.922], 3)
    // Newcombe (1998), Table I: 81/263 → 0.2553–0.3662; 15/148 → 0.0624–0.1605; 1/29 →
    // 0.0061–0.1718.
    expectInterval(wilsonInterval(81, 263), [0.2553, 0.3662], 4)
    expectInterval(wilsonInterval(15, 148), [0.0624, 0.1605], 4)
    expectInterval(wilsonInterval(1, 29), [0.0061, 0.1718], 4)
  })

  it('stays within 0–1 at the extremes', () => {
    // Newcombe (1998): 0/20 → 0–0.1611; 20/20 is its mirror image.
    const none = wilsonInterval(0, 20)
    expect(none?.low).toBe(0)
    expectInterval(none, [0, 0.1611], 4)
    const all = wilsonInterval(20, 20)
    expect(all?.high).toBe(1)
    expectInterval(all, [0.8389, 1], 4)
  })

  it('has no interval without observations', () => {
    expect(wilsonInterval(0, 0)).toBeNull()
  })
})

describe('tQuantile975', () => {
  it("matches R's qt(0.975, df) at every df, between table rows too", () => {
    // Reference values from R 4.x: qt(0.975, c(1, 2, 9, 45, 5000)).
    expect(tQuantile975(1)).toBeCloseTo(12.7062047362, 9)
    expect(tQuantile975(2)).toBeCloseTo(4.3026527297, 9)
    expect(tQuantile975(9)).toBeCloseTo(2.2621571628, 9)
    // Between printed table rows (40 and 50): not rounded down to 40's 2.021.
    expect(tQuantile975(45)).toBeCloseTo(2.0141033889, 9)
    expect(tQuantile975(5000)).toBeCloseTo(1.9604385517, 9)
  })

  it('refuses fewer than one degree of freedom', () => {
    expect(() => tQuantile975(0)).toThrow(RangeError)
    expect(() => tQuantile975(Number.NaN)).toThrow(RangeError)
  })
})

describe('meanWithCi', () => {
  it('has nothing for n = 0 and a mean without interval for n = 1', () => {
    expect(meanWithCi(0, 0, 0)).toBeNull()
    expect(meanWithCi(1, 7, 49)).toEqual({ mean: 7, low: null, high: null })
  })

  it('gives the t interval from count, sum and sum of squares', () => {
    // 2, 4, 6: mean 4, s = 2, half-width t(2) · 2 / √3 = 4.30265 · 2 / √3 = 4.968.
    const result = meanWithCi(3, 12, 56)!
    expect(result.mean).toBe(4)
    expect(result.low).toBeCloseTo(-0.968, 3)
    expect(result.high).toBeCloseTo(8.968, 3)
  })

  it('gives a zero-width interval when every value is equal', () => {
    expect(meanWithCi(4, 20, 100)).toEqual({ mean: 5, low: 5, high: 5 })
  })
})
