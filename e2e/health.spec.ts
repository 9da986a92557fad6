import { expect, test } from '@playwright/test'

// GET /api/health is public: it answers without a session and says only up or down, the
// backend's kind and a latency; never a connection string, host, version or patient data.
// Going down and coming back is e2e/faults/postgres-outage.faults.ts (CI, PostgreSQL).
test('GET /api/health answers anonymously with the database state and nothing more', async ({
  request,
}) => {
  const response = await request.get('/api/health', { maxRedirects: 0 })
  expect(response.status()).toBe(200)
  expect(response.headers()['cache-control']).toBe('no-store')
  expect(response.headers()['set-cookie']).toBeUndefined()
  const body = (await response.json()) as { database: { latencyMs: unknown } }
  expect(body).toEqual({
    status: 'ok',
    database: { ok: true, backend: 'pglite', latencyMs: expect.any(Number) },
  })
  expect(body.database.latencyMs).toBeGreaterThanOrEqual(0)
})
