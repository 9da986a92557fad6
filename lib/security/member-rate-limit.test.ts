import { expect, it } from 'vitest'
import { exportRateLimited } from './member-rate-limit'
import { EXPORT_RATE } from './rate-limit'

it('a member pulling one export in a loop gets 429 with Retry-After; others are unaffected', async () => {
  const [first, second] = [crypto.randomUUID(), crypto.randomUUID()]
  for (let i = 0; i < EXPORT_RATE.limit; i++) {
    expect(exportRateLimited(first, 'candidates')).toBeNull()
  }
  const refused = exportRateLimited(first, 'candidates')
  expect(refused?.status).toBe(429)
  expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0)
  expect(await refused?.text()).toMatch(
    /^Too many downloads in a short time\. Try again in \d+ seconds\.$/,
  )
  // Another export, or another member, has its own count.
  expect(exportRateLimited(first, 'audit')).toBeNull()
  expect(exportRateLimited(second, 'candidates')).toBeNull()
})
