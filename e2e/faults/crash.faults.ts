import { format, subDays } from 'date-fns'
import { expect, test, type APIRequestContext } from '@playwright/test'
import { captureServerAction } from '../support'
import {
  adminUrl,
  cookieHeader,
  freshDatabase,
  physicianEmail,
  physicianName,
  signedInCoordinator,
  startServer,
  type AppServer,
  type TestDatabase,
} from './support'

// A server killed with SIGKILL (issue 8): no handler runs, nothing is closed. On PGlite the
// data folder must open again and replay its log; on either backend a transaction the server
// was in the middle of must leave nothing, and whatever it acknowledged must be there with
// its audit row. PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (CI).

const HEADER =
  'mrn,first_name,last_name,date_of_birth,sex,phone,referral_date,referring_physician,etiology,assigned_physician_email,pain_onset_date'
const referralDate = format(subDays(new Date(), 3), 'yyyy-MM-dd')
/** Letters and digits only (the MRN rule), unique per run. */
const runId = () => `${Date.now() % 1_000_000_000}`

function referralLine(mrn: string) {
  return [
    mrn,
    'Crash',
    `Import ${mrn}`,
    '1948-03-09',
    'female',
    '555-0100',
    referralDate,
    'Dr. Outside',
    'osteoporotic',
    physicianEmail,
    '',
  ].join(',')
}

interface ImportStream {
  /** Resolves with each NDJSON event the upload route sends. */
  events: AsyncGenerator<{ phase: string; done?: number; total?: number; imported?: number }>
}

/** Posts a referrals CSV the way the import page does and streams its progress lines. */
async function upload(server: AppServer, cookie: string, lines: string[]): Promise<ImportStream> {
  const form = new FormData()
  form.append('file', new Blob([[HEADER, ...lines].join('\r\n')], { type: 'text/csv' }), 'f.csv')
  const response = await fetch(`${server.origin}/candidates/import/upload`, {
    method: 'POST',
    body: form,
    headers: { cookie, origin: server.origin },
  })
  expect(response.status).toBe(200)
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader()
  async function* events() {
    let buffered = ''
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return
      buffered += value
      let newline
      while ((newline = buffered.indexOf('\n')) >= 0) {
        yield JSON.parse(buffered.slice(0, newline)) as {
          phase: string
          done?: number
          total?: number
          imported?: number
        }
        buffered = buffered.slice(newline + 1)
      }
    }
  }
  return { events: events() }
}

async function countsOf(database: TestDatabase) {
  const [row] = await database.query<{
    patients: number
    events: number
    audit: number
    imports: number
  }>(`select
        (select count(*)::int from patients) as patients,
        (select count(*)::int from patient_status_events) as events,
        (select count(*)::int from audit_log where action = 'patient.created') as audit,
        (select count(*)::int from audit_log where action = 'patient.import') as imports`)
  return row!
}

const backends = ['pglite', ...(adminUrl ? ['postgres' as const] : [])] as const

for (const [index, backend] of backends.entries()) {
  const port = 3210 + index
  test.describe(backend === 'pglite' ? 'PGlite folder' : 'PostgreSQL', () => {
    let database: TestDatabase
    let server: AppServer | undefined

    test.beforeEach(async () => {
      database = await freshDatabase(backend)
    })
    test.afterEach(async ({}, testInfo) => {
      if (server && testInfo.status !== testInfo.expectedStatus) {
        await testInfo.attach('server output', { body: server.output() })
      }
      await server?.stop()
      server = undefined
      await database.drop()
    })

    test('kill -9 in the middle of a CSV import: nothing of it is stored, the import works after', async ({
      browser,
    }) => {
      server = await startServer(database, port)
      const context = await signedInCoordinator(browser, server)
      const cookie = await cookieHeader(context)
      const run = runId()
      // 6,000 rows: written in six chunks of 1,000 inside one transaction.
      const lines = Array.from({ length: 6_000 }, (_, i) =>
        referralLine(`K${run}${String(i).padStart(5, '0')}`),
      )

      const stream = await upload(server, cookie, lines)
      let killedAt: number | null = null
      for await (const event of stream.events) {
        expect(event.phase, 'the import ended before the kill').not.toMatch(/done|failed/)
        // Some rows are in the open transaction, and it has not committed.
        if (event.phase === 'writing' && event.done! > 0 && event.done! < event.total!) {
          killedAt = event.done!
          await server.kill9()
          break
        }
      }
      expect(killedAt, 'killed while writing').not.toBeNull()
      console.log(`[faults] ${backend}: killed the server with ${killedAt} of 6,000 rows written`)

      // The database opens again (PGlite replays its log; the dead server's lock is taken
      // over) and holds none of the file.
      expect(await countsOf(database)).toEqual({ patients: 0, events: 0, audit: 0, imports: 0 })

      // A server starts on it, and the same session imports a file.
      server = await startServer(database, port)
      const retry = await upload(server, cookie, lines.slice(0, 3))
      let outcome: { phase: string; imported?: number } | undefined
      for await (const event of retry.events) outcome = event
      expect(outcome).toEqual({ phase: 'done', imported: 3 })
      await server.stop()
      expect(await countsOf(database)).toEqual({ patients: 3, events: 3, audit: 3, imports: 1 })
      await context.close()
    })

    test('200 creates, kill -9 at a random point: every acknowledged patient is stored with its audit row', async ({
      browser,
    }) => {
      const total = 200
      const killAt = Number(process.env.FAULTS_KILL_AT ?? 20 + Math.floor(Math.random() * 160))
      const run = runId()
      const template = `T${run}0000`
      const mrnOf = (i: number) => `C${run}${String(i).padStart(4, '0')}`

      server = await startServer(database, port)
      const context = await signedInCoordinator(browser, server)
      const page = await context.newPage()
      await page.goto('/candidates/new')
      await page.getByLabel('MRN').fill(template)
      await page.getByLabel('First name').fill('Crash')
      await page.getByLabel('Last name').fill('Durability')
      await page.getByLabel('Date of birth').fill('1944-02-11')
      await page.getByLabel('Sex').selectOption('male')
      await page.getByLabel('Referral date').fill(referralDate)
      await page.getByLabel('Referring physician').fill('Dr. Outside')
      await page.getByLabel('Etiology').selectOption('osteoporotic')
      await page.getByLabel('Assigned physician').selectOption({ label: physicianName })
      // The browser's own server-action request, replayed with a new MRN each time.
      const action = await captureServerAction(page, `${server.origin}/candidates/new`, () =>
        page.getByRole('button', { name: 'Save candidate' }).click(),
      )
      await page.close()
      const body = action.body.toString('latin1')
      expect(body).toContain(template)

      const create = async (request: APIRequestContext, origin: string, i: number) => {
        try {
          const response = await request.post(`${origin}/candidates/new`, {
            headers: {
              'content-type': action.headers['content-type']!,
              'next-action': action.headers['next-action']!,
              accept: 'text/x-component',
              origin,
            },
            data: Buffer.from(body.replaceAll(template, mrnOf(i)), 'latin1'),
            maxRedirects: 0,
            timeout: 30_000,
          })
          // Acknowledged: the action redirected to the new record.
          const redirect = response.headers()['x-action-redirect'] ?? ''
          return /^\/candidates\/([0-9a-f-]{36})/.exec(redirect)?.[1] ?? null
        } catch {
          return null
        }
      }

      const acknowledged = new Map<string, string>()
      let attempted = 0
      let next = 0
      let killing: Promise<void> | null = null
      const runWorkers = async (
        request: APIRequestContext,
        origin: string,
        stopOnKill: boolean,
      ) => {
        const worker = async () => {
          while (next < total && !(stopOnKill && killing)) {
            const i = next++
            // SIGKILL while this worker's and the others' requests are in flight.
            if (stopOnKill && i === killAt) killing = server!.kill9()
            attempted++
            const id = await create(request, origin, i)
            if (id) acknowledged.set(mrnOf(i), id)
          }
        }
        await Promise.all([worker(), worker(), worker(), worker()])
      }

      await runWorkers(context.request, server.origin, true)
      expect(killing, 'the kill happened').not.toBeNull()
      await killing
      const beforeKill = acknowledged.size
      // After the restart the same session goes on with the rest.
      server = await startServer(database, port)
      await runWorkers(context.request, server.origin, false)
      await context.close()
      await server.stop()
      expect(attempted).toBe(total)

      const stored = await database.query<{
        id: string
        mrn: string
        audits: number
        events: number
      }>(
        `select p.id, p.mrn,
                (select count(*)::int from audit_log a
                  where a.entity_id = p.id::text and a.action = 'patient.created') as audits,
                (select count(*)::int from patient_status_events e where e.patient_id = p.id) as events
           from patients p where p.mrn like $1`,
        [`C${run}%`],
      )
      const storedByMrn = new Map(stored.map((row) => [row.mrn, row]))
      console.log(
        `[faults] ${backend}: kill at create #${killAt}; ${beforeKill} acknowledged before it, ` +
          `${acknowledged.size} in all of ${total}; ${stored.length} stored`,
      )
      expect(beforeKill).toBeGreaterThan(0)
      expect(acknowledged.size).toBeGreaterThan(beforeKill)
      const missing = [...acknowledged].filter(([mrn, id]) => storedByMrn.get(mrn)?.id !== id)
      expect(missing, 'acknowledged but not stored').toEqual([])
      // Stored without being acknowledged is allowed (committed as the server died); stored
      // without its audit row or status event is not.
      expect(stored.filter((row) => row.audits !== 1 || row.events !== 1)).toEqual([])
      expect(stored.length).toBeGreaterThanOrEqual(acknowledged.size)
      expect(stored.length).toBeLessThanOrEqual(total)
    })
  })
}
