import { describe, expect, it } from 'vitest'
import { EXPENSIVE_PAGE_RATE, EXPORT_RATE, FixedWindowLimiter } from './rate-limit'

describe('FixedWindowLimiter', () => {
  it('allows the limit per window, refuses the next with the seconds to wait, then resets', () => {
    let now = 1_000_000
    const limiter = new FixedWindowLimiter(() => now)
    const rule = { limit: 3, windowMs: 60_000 }
    expect([1, 2, 3].map(() => limiter.hit('member-a:export', rule).allowed)).toEqual([
      true,
      true,
      true,
    ])
    expect(limiter.hit('member-a:export', rule)).toEqual({ allowed: false, retryAfterSeconds: 60 })
    now += 45_000
    expect(limiter.hit('member-a:export', rule)).toEqual({ allowed: false, retryAfterSeconds: 15 })
    // Another member, or another route, counts on its own.
    expect(limiter.hit('member-b:export', rule).allowed).toBe(true)
    expect(limiter.hit('member-a:outcomes', rule).allowed).toBe(true)
    now += 15_000
    expect(limiter.hit('member-a:export', rule).allowed).toBe(true)
  })

  it('is generous: a person exporting every few seconds is never refused', () => {
    let now = 0
    const limiter = new FixedWindowLimiter(() => now)
    for (let i = 0; i < 200; i++) {
      now += 2_500
      expect(limiter.hit('member:export', EXPORT_RATE).allowed).toBe(true)
      expect(limiter.hit('member:outcomes', EXPENSIVE_PAGE_RATE).allowed).toBe(true)
    }
  })
})
