import 'server-only'
import {
  EXPENSIVE_PAGE_RATE,
  EXPORT_RATE,
  FixedWindowLimiter,
  type RateDecision,
} from './rate-limit'

// One limiter per server process, kept on globalThis so dev reloads keep their counts.
const globalKey = Symbol.for('augment.rateLimiter')
const holder = globalThis as typeof globalThis & { [globalKey]?: FixedWindowLimiter }
const limiter = (holder[globalKey] ??= new FixedWindowLimiter())

/**
 * Counts one CSV download for `memberId`; a 429 response when over the limit, else null. An
 * export route calls it first, right after resolving the signed-in member (lib/auth/session.ts).
 */
export function exportRateLimited(memberId: string, route: string): Response | null {
  const decision = limiter.hit(`${memberId}:export:${route}`, EXPORT_RATE)
  if (decision.allowed) return null
  return new Response(
    `Too many downloads in a short time. Try again in ${decision.retryAfterSeconds} seconds.`,
    {
      status: 429,
      headers: {
        'Retry-After': String(decision.retryAfterSeconds),
        'Content-Type': 'text/plain; charset=utf-8',
        'Cache-Control': 'no-store',
      },
    },
  )
}

/** Counts one view of an expensive page for `memberId`: refused past the limit. */
export function pageRateDecision(memberId: string, page: string): RateDecision {
  return limiter.hit(`${memberId}:page:${page}`, EXPENSIVE_PAGE_RATE)
}
