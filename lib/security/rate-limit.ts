// A fixed-window counter per key (member and route): enough to stop one account from pulling
// every export or hammering an expensive page in a loop, far above what a person clicks.
// In memory, per server process: a restart forgets the counts, and several processes each
// count on their own (a limit of N becomes N per process), which is documented.

export interface RateRule {
  /** Requests allowed per window. */
  limit: number
  windowMs: number
}

export interface RateDecision {
  allowed: boolean
  /** When refused: seconds until the window ends. */
  retryAfterSeconds: number
}

/** CSV downloads (candidates, outcome tables, audit log): per member and route. */
export const EXPORT_RATE: RateRule = { limit: 30, windowMs: 60_000 }
/** Pages that aggregate or search the whole registry: per member and page. */
export const EXPENSIVE_PAGE_RATE: RateRule = { limit: 240, windowMs: 60_000 }

// Beyond this many live keys, finished windows are swept on the next hit.
const SWEEP_ABOVE = 10_000

export class FixedWindowLimiter {
  private readonly windows = new Map<string, { startedAt: number; count: number }>()

  constructor(private readonly now: () => number = Date.now) {}

  hit(key: string, rule: RateRule): RateDecision {
    const now = this.now()
    if (this.windows.size > SWEEP_ABOVE) this.sweep(now, rule.windowMs)
    let window = this.windows.get(key)
    if (!window || now - window.startedAt >= rule.windowMs) {
      window = { startedAt: now, count: 0 }
      this.windows.set(key, window)
    }
    window.count++
    if (window.count <= rule.limit) return { allowed: true, retryAfterSeconds: 0 }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((window.startedAt + rule.windowMs - now) / 1000)),
    }
  }

  private sweep(now: number, windowMs: number) {
    for (const [key, window] of this.windows) {
      if (now - window.startedAt >= windowMs) this.windows.delete(key)
    }
  }
}
