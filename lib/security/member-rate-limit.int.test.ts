import { beforeAll, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import { insertStaff } from '@/db/testing/factories'
import { signInAs } from '@/lib/auth/testing/session'
import { EXPORT_RATE } from './rate-limit'

vi.mock('@/lib/auth', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)
const { exportRateLimited } = await import('./member-rate-limit')

type Member = Awaited<ReturnType<typeof insertStaff>>
let first: Member, second: Member

beforeAll(async () => {
  const db = await getDb()
  first = await insertStaff(db, 'unused', { role: 'coordinator' })
  second = await insertStaff(db, 'unused', { role: 'physician' })
})

it('a member pulling one export in a loop gets 429 with Retry-After; others are unaffected', async () => {
  signInAs(first)
  for (let i = 0; i < EXPORT_RATE.limit; i++) {
    expect(await exportRateLimited('candidates')).toBeNull()
  }
  const refused = await exportRateLimited('candidates')
  expect(refused?.status).toBe(429)
  expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0)
  expect(await refused?.text()).toMatch(
    /^Too many downloads in a short time\. Try again in \d+ seconds\.$/,
  )
  // Another export, or another member, has its own count.
  expect(await exportRateLimited('audit')).toBeNull()
  signInAs(second)
  expect(await exportRateLimited('candidates')).toBeNull()
})
