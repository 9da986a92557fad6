import 'server-only'
import { requireStaff } from '@/lib/auth/session'
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
 * Counts one CSV download for the signed-in member; a 429 response when over the limit,
 * else null. Call it first in an export route (it also sends anonymous visitors to sign in).
 */
export async function exportRateLimited(route: string): Promise<Response | null> {
  const me = await requireStaff()
  const decision = limiter.hit(`${me.id}:export:${route}`, EXPORT_RATE)
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
