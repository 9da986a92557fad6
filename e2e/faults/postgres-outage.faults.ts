import { expect, test, type Page } from '@playwright/test'
import {
  adminUrl,
  cluster,
  coordinatorEmail,
  freshDatabase,
  password,
  physicianName,
  postgresIsUp,
  signedInCoordinator,
  sleep,
  startServer,
  type AppServer,
  type TestDatabase,
} from './support'

// PostgreSQL stopped under a running app (issue 8): pages say "Database unavailable", actions
// answer with a clear error, GET /api/health says so within seconds, and once PostgreSQL is
// back the same app process (no restart) serves again, health turning up within 10 s.
// It stops the real cluster, so it runs only in CI (.ci/run runs this suite last, alone) or
// when FAULTS_PG_STOP/FAULTS_PG_START point it at a throwaway cluster.

const port = 3212
const canRun =
  Boolean(adminUrl) &&
  (Boolean(process.env.CI) || Boolean(process.env.FAULTS_PG_STOP && process.env.FAULTS_PG_START))

test.skip(!canRun, 'stops PostgreSQL: CI only (or FAULTS_PG_STOP/FAULTS_PG_START)')

let database: TestDatabase
let server: AppServer | undefined

test.afterEach(async ({}, testInfo) => {
  // Whatever happened, PostgreSQL is running again for what comes after.
  if (!(await postgresIsUp())) cluster('start')
  if (server && testInfo.status !== testInfo.expectedStatus) {
    await testInfo.attach('server output', { body: server.output() })
  }
  await server?.stop()
  await database?.drop()
})

interface Health {
  status: number
  body: unknown
  ms: number
}

async function health(origin: string): Promise<Health> {
  const started = performance.now()
  const response = await fetch(`${origin}/api/health`)
  return {
    status: response.status,
    body: await response.json(),
    ms: Math.round(performance.now() - started),
  }
}

async function fillNewCandidate(page: Page, mrn: string) {
  await page.goto('/candidates/new')
  await page.getByLabel('MRN').fill(mrn)
  await page.getByLabel('First name').fill('Outage')
  await page.getByLabel('Last name').fill('Survivor')
  await page.getByLabel('Date of birth').fill('1945-06-01')
  await page.getByLabel('Sex').selectOption('female')
  await page.getByLabel('Referral date').fill('2025-01-15')
  await page.getByLabel('Referring physician').fill('Dr. Outside')
  await page.getByLabel('Etiology').selectOption('osteoporotic')
  await page.getByLabel('Assigned physician').selectOption({ label: physicianName })
}

test('PostgreSQL stopped and started under a running app: it says so, then recovers by itself', async ({
  browser,
}) => {
  database = await freshDatabase('postgres')
  server = await startServer(database, port)
  const up = await health(server.origin)
  expect(up.status).toBe(200)
  expect(up.body).toEqual({
    status: 'ok',
    database: { ok: true, backend: 'postgresql', latencyMs: expect.any(Number) },
  })

  const context = await signedInCoordinator(browser, server)
  const page = await context.newPage()
  await page.goto('/candidates')
  await expect(page.getByRole('heading', { level: 1, name: 'Candidates' })).toBeVisible()
  const stamp = `${Date.now() % 1_000_000_000}`
  await fillNewCandidate(page, `OUT${stamp}`)

  cluster('stop')

  // Health: down within a few seconds, and quick to say so; nothing but up/down in it.
  let down: Health | undefined
  await expect
    .poll(async () => (down = await health(server!.origin)).status, { timeout: 5_000 })
    .toBe(503)
  expect(down!.body).toEqual({
    status: 'unavailable',
    database: { ok: false, backend: 'postgresql', latencyMs: expect.any(Number) },
  })
  expect(down!.ms).toBeLessThan(3_000)

  // An action (the filled form, submitted now): the error page names the database.
  await page.getByRole('button', { name: 'Save candidate' }).click()
  await expect(page.getByRole('heading', { name: 'Database unavailable' })).toBeVisible()
  // A page.
  await page.goto('/candidates')
  await expect(page.getByRole('heading', { name: 'Database unavailable' })).toBeVisible()
  await expect(page.getByText('Nothing was lost')).toBeVisible()
  // Signing in: the form says the database is unreachable, not that the password is wrong.
  const visitor = await browser.newContext({ baseURL: server.origin })
  const login = await visitor.newPage()
  await login.goto('/login')
  await login.getByLabel('Email').fill(coordinatorEmail)
  await login.getByLabel('Password').fill(password)
  await login.getByRole('button', { name: 'Sign in' }).click()
  await expect(login.getByText('cannot reach its database')).toBeVisible()
  await expect(login.getByText('Invalid email or password')).toHaveCount(0)
  await expect(login.getByLabel('Email')).toHaveValue(coordinatorEmail)

  // Down for a while longer: the pool keeps failing fast, the process stays up.
  await sleep(2_000)
  expect((await health(server.origin)).status).toBe(503)

  cluster('start')
  const back = performance.now()
  await expect
    .poll(async () => (await health(server!.origin)).status, {
      timeout: 10_000,
      intervals: [250],
    })
    .toBe(200)
  const recoveredMs = Math.round(performance.now() - back)
  console.log(`[faults] health up ${recoveredMs} ms after PostgreSQL started`)
  expect(recoveredMs).toBeLessThan(10_000)

  // The same process, same session: pages and actions work again.
  await page.goto('/candidates')
  await expect(page.getByRole('heading', { level: 1, name: 'Candidates' })).toBeVisible()
  await fillNewCandidate(page, `BACK${stamp}`)
  await page.getByRole('button', { name: 'Save candidate' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Outage Survivor' })).toBeVisible()
  // The password field keeps nothing after a refused sign-in: fill it again.
  await login.getByLabel('Password').fill(password)
  await login.getByRole('button', { name: 'Sign in' }).click()
  await expect(login.getByRole('navigation', { name: 'Main' })).toBeVisible()
  await visitor.close()
  await context.close()

  // Nothing from the refused submit was stored; the one after recovery was.
  const stored = await database.query<{ mrn: string }>(
    `select mrn from patients where mrn in ($1, $2) order by mrn`,
    [`OUT${stamp}`, `BACK${stamp}`],
  )
  expect(stored).toEqual([{ mrn: `BACK${stamp}` }])
})
