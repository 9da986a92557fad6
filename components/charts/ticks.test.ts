import { describe, expect, it } from 'vitest'
import { niceTicks } from './ticks'

describe('niceTicks', () => {
  it('rounds the axis up to round steps', () => {
    expect(niceTicks(260)).toEqual([0, 50, 100, 150, 200, 250, 300])
    expect(niceTicks(100)).toEqual([0, 20, 40, 60, 80, 100])
    expect(niceTicks(8.7)).toEqual([0, 2, 4, 6, 8, 10])
    expect(niceTicks(3)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3])
  })

  it('never gives more than seven ticks, and keeps decimals exact', () => {
    for (const largest of [1, 7, 13, 49, 61, 99, 101, 999, 12345, 0.37]) {
      const ticks = niceTicks(largest)
      expect(ticks.length).toBeLessThanOrEqual(7)
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(largest)
      expect(ticks.every((tick) => String(tick).length < 8)).toBe(true)
    }
  })

  it('starts below zero when an interval does', () => {
    expect(niceTicks(235.6, -145.6)).toEqual([-200, -100, 0, 100, 200, 300])
  })

  it('has an axis even with nothing to draw', () => {
    expect(niceTicks(0)).toEqual([0, 1])
  })
})
