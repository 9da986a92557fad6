// npm run bench:load [-- --backend pglite|postgres --patients 100000 --port 3400 --skip-build]
// The targets under load (docs/performance-targets.md#under-load): builds the app into .next-load,
// seeds a throwaway database (PGlite in a temp folder, or a new PostgreSQL database through
// BENCH_DATABASE_URL) with patients and 50 staff, starts `next start` on loopback, signs the staff
// in through the login form's server action, then drives it with autocannon: phase A, 10
// connections on the candidates list for 15 s; phase B, one connection per signed-in member for 60
// s, a realistic mix that saves follow-ups. Prints throughput, latency, errors and the server's
// peak RSS, writes bench/load-results.json, and exits non-zero on any error or an RSS over the
// backend's limit.
import fs from 'node:fs'
import path from 'node:path'
import autocannon from 'autocannon'
import { sql } from 'drizzle-orm'
import { openDatabase, type DatabaseHandle } from '@/db/client'
import { seedPatients } from '@/db/seed/seed'
import { todayIso } from '@/lib/dates'
import { candidateListQuery } from '@/lib/candidates/list-params'
import { procedureListQuery } from '@/lib/procedures/list-params'
import { fail, parseCliArgs } from './args'
import {
  actionRequest,
  actionResult,
  addStaff,
  BACKENDS,
  build,
  cleanUp,
  cookieHeader,
  onCleanUp,
  serverActionId,
  SIGN_IN_ACTION,
  signInAll,
  startServer,
  stopServer,
  storeCookies,
  throwawayDatabase,
  type Backend,
  type SignedInUser,
  type StaffLogin,
} from './bench-app'
import { progressReporter } from './progress'
import { restrictNewFilesToOwner } from '@/db/private-files'

const args = parseCliArgs(
  {
    backend: { type: 'string', default: 'pglite' },
    patients: { type: 'string', default: '100000' },
    port: { type: 'string', default: '3400' },
    'skip-build': { type: 'boolean', default: false },
  },
  'npm run bench:load -- [--backend pglite|postgres] [--patients N] [--port N] [--skip-build]',
)
const backend = args.backend as Backend
const PATIENTS = Number(args.patients)
const RESULTS_FILE = path.join('bench', 'load-results.json')
// docs/performance-targets.md#under-load: the server's resident memory under load.
const RSS_LIMIT_MB: Record<Backend, number> = { postgres: 420, pglite: 770 }
const RSS_SAMPLE_MS = 250
const STAFF = { coordinator: 30, physician: 20 } as const
// Open follow-ups set aside for saving, and records to open (a random sample of each).
const SAVE_POOL_SIZE = 20_000
const RECORD_POOL_SIZE = 5_000
// An answer slower than this counts as an error (a timeout), as autocannon's default.
const REQUEST_TIMEOUT_SECONDS = 10

// What a signed-in member does, and how often: the relative weights of phase B's mix.
const MIX = [
  { kind: 'candidates list', weight: 25 },
  { kind: 'filtered list', weight: 20 },
  { kind: 'open a record', weight: 25 },
  { kind: 'procedures list', weight: 10 },
  { kind: 'follow-ups due', weight: 10 },
  { kind: 'save follow-up', weight: 10 },
] as const
type RequestKind = (typeof MIX)[number]['kind']

// Filters and sorts from the URL, as the list's toolbar writes them (lib/candidates/list-params.ts).
const FILTERED_LISTS = [
  candidateListQuery({ status: 'evaluation', sort: 'name', dir: 'asc' }),
  candidateListQuery({ etiology: 'osteoporotic', procedure: 'kyphoplasty', sort: 'age' }),
  candidateListQuery({ status: 'follow_up', sort: 'nextFollowUp', dir: 'asc' }),
  candidateListQuery({ q: 'wal', sort: 'name', dir: 'asc' }),
  candidateListQuery({ sort: 'status', dir: 'asc', page: 20 }),
].map((query) => `/candidates${query}`)
const PROCEDURE_LISTS = [
  procedureListQuery({}),
  procedureListQuery({ view: 'completed' }),
  procedureListQuery({ view: 'completed', disposition: 'overnight' }),
].map((query) => `/procedures${query}`)

interface Phase {
  name: string
  connections: number
  seconds: number
  mix: readonly { kind: RequestKind; weight: number }[]
  /** Whose session each connection (0, 1, …) uses. */
  userFor: (connection: number) => SignedInUser
}

interface DueFollowUp {
  id: string
  version: number
  patientId: string
}

interface Workload {
  patientIds: string[]
  /** Taken from the end; a saved one goes back in front with its new version (see runPhase). */
  dueFollowUps: DueFollowUp[]
  /** Server action ids from the build's manifest: what the forms post in `Next-Action`. */
  actions: { signIn: string; recordFollowUp: string }
}

interface KindTally {
  requests: number
  errors: number
  latenciesMs: number[]
}

interface PhaseResult {
  name: string
  connections: number
  seconds: number
  requests: number
  throughputPerSecond: number
  latencyMs: { p50: number; p95: number; p99: number }
  errors: number
  errorBreakdown: Record<string, number>
  byKind: Record<string, { requests: number; errors: number; p95Ms: number }>
  peakRssMb: number
  saves: { sent: number; acknowledged: number }
}

async function seed(handle: DatabaseHandle, staff: StaffLogin[]) {
  const started = performance.now()
  const seeded = await seedPatients(handle.db, {
    count: PATIENTS,
    seed: 2026,
    physicianIds: staff.filter((member) => member.role === 'physician').map((member) => member.id),
    onProgress: progressReporter('patients'),
  })
  // As autovacuum would have by now: statistics for the planner, the visibility map for
  // index-only scans (PGlite has no autovacuum).
  await handle.db.execute(sql`vacuum analyze`)
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(
    `  seeded ${seeded.patients.toLocaleString('en-US')} patients, ${seeded.followUps.toLocaleString('en-US')} follow-ups in ${seconds} s`,
  )
}

async function rows<T>(handle: DatabaseHandle, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await handle.db.execute(query)) as unknown as { rows: T[] }).rows
}

/** Records to open, and open follow-ups whose window includes today, to save. */
async function pickWorkload(handle: DatabaseHandle): Promise<Omit<Workload, 'actions'>> {
  const today = todayIso()
  const patients = await rows<{ id: string }>(
    handle,
    sql`select id from patients order by random() limit ${RECORD_POOL_SIZE}`,
  )
  const due = await rows<{ id: string; version: number; patient_id: string }>(
    handle,
    sql`select id, version, patient_id from follow_ups
        where assessed_on is null and window_start <= ${today} and window_end >= ${today}
        order by random() limit ${SAVE_POOL_SIZE}`,
  )
  return {
    patientIds: patients.map((row) => row.id),
    dueFollowUps: due.map((row) => ({
      id: row.id,
      version: row.version,
      patientId: row.patient_id,
    })),
  }
}

/** Follow-up saves that committed: each writes its audit row in the same transaction. */
async function countSavesByStaffLogin(handle: DatabaseHandle, staff: StaffLogin[]) {
  const ids = sql.join(
    staff.map((member) => sql`${member.id}::uuid`),
    sql`, `,
  )
  const [row] = await rows<{ n: number }>(
    handle,
    sql`select count(*)::int as n from audit_log
        where action = 'follow_up.recorded' and actor_id in (${ids})`,
  )
  return row?.n ?? 0
}

/** Resident memory of a process and its descendants, in kB, from /proc. */
function treeRssKb(rootPid: number): number {
  let total = 0
  const pending = [rootPid]
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8')
      total += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0)
      for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
        const children = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8')
        pending.push(...children.split(' ').filter(Boolean).map(Number))
      }
    } catch {
      // It exited between two reads: it holds no memory any more.
    }
  }
  return total
}

/** Samples the server's RSS every 250 ms; `peakMb()` is the highest since the last reset. */
function sampleRss(pid: number) {
  let overallKb = 0
  let phaseKb = 0
  const timer = setInterval(() => {
    const kb = treeRssKb(pid)
    overallKb = Math.max(overallKb, kb)
    phaseKb = Math.max(phaseKb, kb)
  }, RSS_SAMPLE_MS)
  return {
    resetPhase: () => (phaseKb = 0),
    phasePeakMb: () => phaseKb / 1024,
    overallPeakMb: () => overallKb / 1024,
    stop: () => clearInterval(timer),
  }
}

// ---- The load -----------------------------------------------------------------------------------

function pickByWeight<T extends { weight: number }>(items: readonly T[]): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0)
  let point = Math.random() * total
  for (const item of items) {
    point -= item.weight
    if (point < 0) return item
  }
  return items[items.length - 1]!
}

function pickOne<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!
}

function headerValues(headers: autocannon.Request['headers'], name: string): string[] {
  const found = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1]
  return found === undefined ? [] : ([] as string[]).concat(found)
}

/** A completed answer's verdict: null when it is what a browser would have got, else why not. */
function errorIn(
  kind: RequestKind,
  // Typed number by autocannon, undefined for an answer cut short by a timeout's reconnect.
  status: number | undefined,
  body: string,
  headers: autocannon.Request['headers'],
): string | null {
  if (status === undefined) return `${kind}: answer without a status line`
  if (status >= 300 && status < 400) {
    // Every URL of the mix answers a signed-in member directly: a redirect means the session
    // ended (to /login) or the member was sent elsewhere.
    const location = headerValues(headers, 'location')[0] ?? '?'
    const to = new URL(location, 'http://server').pathname
    return to === '/login'
      ? `${kind}: redirect to /login (session ended)`
      : `${kind}: redirect to ${to}`
  }
  if (status !== 200) return `${kind}: HTTP ${status}`
  if (kind !== 'save follow-up') return null
  const result = actionResult(body)
  if (!result) return `${kind}: unreadable action result`
  return result.ok ? null : `${kind}: refused (${result.message ?? 'no message'})`
}

/** The p-th percentile of ascending values, to 0.1 ms. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return round1(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!)
}

const round1 = (value: number) => Math.round(value * 10) / 10

/**
 * Runs one phase. Each save records an open follow-up from the workload; once all are recorded,
 * saves correct recorded ones (with the version their last save gave them), as a member does.
 */
async function runPhase(
  phase: Phase,
  origin: string,
  workload: Workload,
  rss: ReturnType<typeof sampleRss>,
): Promise<PhaseResult> {
  const tallies = new Map<RequestKind, KindTally>(
    phase.mix.map(({ kind }) => [kind, { requests: 0, errors: 0, latenciesMs: [] }]),
  )
  const errorBreakdown: Record<string, number> = {}
  const countError = (reason: string) =>
    (errorBreakdown[reason] = (errorBreakdown[reason] ?? 0) + 1)
  const saves = { sent: 0, acknowledged: 0 }
  const today = todayIso()

  // The request a member sends next: a kind from the mix, with their session cookie.
  function nextRequest(user: SignedInUser): {
    kind: RequestKind
    request: autocannon.Request
    due?: DueFollowUp
  } {
    const kind = pickByWeight(phase.mix).kind
    const cookie = cookieHeader(user.cookies)
    const page = (pagePath: string) => ({
      kind,
      request: { method: 'GET' as const, path: pagePath, headers: { accept: 'text/html', cookie } },
    })
    switch (kind) {
      case 'candidates list':
        return page('/candidates')
      case 'filtered list':
        return page(pickOne(FILTERED_LISTS))
      case 'open a record':
        return page(`/candidates/${pickOne(workload.patientIds)}`)
      case 'procedures list':
        return page(pickOne(PROCEDURE_LISTS))
      case 'follow-ups due':
        // The Overview holds the "Follow-ups due" worklist.
        return page('/')
      case 'save follow-up': {
        const due = workload.dueFollowUps.pop()
        // Every one is out in a request that has not been answered yet: open its record instead.
        if (!due) return page(`/candidates/${pickOne(workload.patientIds)}`)
        saves.sent++
        // The record's follow-up form as a member fills it in (the ODI sections left empty).
        const { headers, body } = actionRequest(workload.actions.recordFollowUp, origin, {
          followUpRef: `${due.id}:${due.version}`,
          assessedOn: today,
          painNrs: String(Math.floor(Math.random() * 11)),
          odi: String(Math.floor(Math.random() * 101)),
          rmdq: String(Math.floor(Math.random() * 25)),
          kyphoticAngleDeg: '',
          analgesicUse: pickOne(['none', 'non_opioid', 'opioid']),
          mobility: pickOne(['bedbound', 'assisted', 'independent']),
          ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`odi${i + 1}`, ''])),
          note: '',
        })
        return {
          kind,
          due,
          request: {
            method: 'POST',
            path: `/candidates/${due.patientId}`,
            headers: { ...headers, cookie },
            body,
          },
        }
      }
    }
  }

  let nextConnection = 0
  let finished: (error: unknown, result: autocannon.Result) => void = () => {}
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finished = (error, result) => (error ? reject(error) : resolve(result))
  })
  const instance = autocannon(
    {
      url: origin,
      connections: phase.connections,
      duration: phase.seconds,
      timeout: REQUEST_TIMEOUT_SECONDS,
      setupClient(client) {
        const user = phase.userFor(nextConnection++)
        // One request at a time per connection: the one sent last is the one answered next.
        let inFlight: ReturnType<typeof nextRequest> | undefined
        client.setRequests([
          {
            setupRequest(defaults) {
              inFlight = nextRequest(user)
              return { ...defaults, ...inFlight.request }
            },
            onResponse(status, body, _context, headers) {
              storeCookies(user.cookies, headerValues(headers, 'set-cookie'))
              const { kind, due } = inFlight!
              const tally = tallies.get(kind)!
              tally.requests++
              const error = errorIn(kind, status, body, headers)
              if (error) {
                tally.errors++
                countError(error)
              } else if (due) {
                saves.acknowledged++
                workload.dueFollowUps.unshift({ ...due, version: due.version + 1 })
              }
            },
          },
        ])
        // Emitted right after onResponse for the same answer.
        client.on('response', (_status: number, _bytes: number, ms: number) =>
          tallies.get(inFlight!.kind)!.latenciesMs.push(ms),
        )
      },
    },
    (error, result) => finished(error, result),
  )
  instance.on('reqError', (error: Error) => countError(`connection: ${error.message}`))
  let elapsed = 0
  instance.on('tick', () => {
    elapsed++
    if (elapsed % 5 === 0 || elapsed === phase.seconds) {
      const answered = [...tallies.values()].reduce((sum, tally) => sum + tally.requests, 0)
      const errors = Object.values(errorBreakdown).reduce((sum, n) => sum + n, 0)
      process.stdout.write(`\r  ${phase.name}: ${elapsed} s, ${answered} answers, ${errors} errors`)
    }
  })

  rss.resetPhase()
  console.log(`\n${phase.name}: ${phase.connections} connections for ${phase.seconds} s`)
  const result = await done
  process.stdout.write('\n')

  const all = [...tallies.values()].flatMap((tally) => tally.latenciesMs).sort((a, b) => a - b)
  const answered = all.length
  return {
    name: phase.name,
    connections: phase.connections,
    seconds: phase.seconds,
    requests: answered,
    throughputPerSecond: round1(answered / result.duration),
    latencyMs: { p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99) },
    // Connection errors and timeouts are in the breakdown already (autocannon's reqError).
    errors: Object.values(errorBreakdown).reduce((sum, n) => sum + n, 0),
    errorBreakdown,
    byKind: Object.fromEntries(
      [...tallies].map(([kind, tally]) => [
        kind,
        {
          requests: tally.requests,
          errors: tally.errors,
          p95Ms: percentile(
            tally.latenciesMs.sort((a, b) => a - b),
            95,
          ),
        },
      ]),
    ),
    peakRssMb: Math.round(rss.phasePeakMb()),
    saves,
  }
}

// ---- Report -------------------------------------------------------------------------------------

function printReport(phases: PhaseResult[], peakRssMb: number) {
  const row = (cells: (string | number)[], widths: number[]) =>
    cells.map((cell, i) => String(cell)[i === 0 ? 'padEnd' : 'padStart'](widths[i]!)).join('  ')
  const widths = [28, 5, 4, 9, 8, 7, 7, 7, 7, 9]
  console.log(`\nResults (${backend}, ${PATIENTS.toLocaleString('en-US')} patients)`)
  console.log(
    row(
      [
        'phase',
        'conns',
        's',
        'requests',
        'req/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'errors',
        'peak RSS',
      ],
      widths,
    ),
  )
  for (const phase of phases) {
    console.log(
      row(
        [
          phase.name,
          phase.connections,
          phase.seconds,
          phase.requests,
          phase.throughputPerSecond.toFixed(1),
          phase.latencyMs.p50.toFixed(0),
          phase.latencyMs.p95.toFixed(0),
          phase.latencyMs.p99.toFixed(0),
          phase.errors,
          `${phase.peakRssMb} MB`,
        ],
        widths,
      ),
    )
  }
  const mixed = phases[phases.length - 1]!
  console.log(`\n${mixed.name}, by request`)
  const kindWidths = [28, 9, 7, 7]
  console.log(row(['request', 'requests', 'errors', 'p95 ms'], kindWidths))
  for (const [kind, tally] of Object.entries(mixed.byKind)) {
    console.log(row([kind, tally.requests, tally.errors, tally.p95Ms.toFixed(0)], kindWidths))
  }
  for (const phase of phases) {
    for (const [reason, count] of Object.entries(phase.errorBreakdown)) {
      console.log(`  error in ${phase.name}: ${reason} × ${count}`)
    }
  }
  console.log(
    `\nPeak server RSS ${peakRssMb.toFixed(0)} MB (limit ${RSS_LIMIT_MB[backend]} MB on ${backend})`,
  )
}

function writeResults(entry: object) {
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true })
  const previous = fs.existsSync(RESULTS_FILE)
    ? (JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown>)
    : {}
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify({ ...previous, [backend]: entry }, null, 2)}\n`)
  console.log(`Wrote ${RESULTS_FILE} (${backend})`)
}

// ---- Main ---------------------------------------------------------------------------------------

async function main(): Promise<boolean> {
  // Data folders, backups and reports this command writes are its user's alone.
  restrictNewFilesToOwner()
  if (!BACKENDS.includes(backend)) fail(`--backend is one of ${BACKENDS.join(', ')}`)
  if (!Number.isInteger(PATIENTS) || PATIENTS < 1) fail('--patients is a positive integer')
  build(args['skip-build'])
  const actions = {
    signIn: serverActionId(...SIGN_IN_ACTION),
    recordFollowUp: serverActionId(
      'app/(app)/(clinic)/candidates/[id]/actions.ts',
      'recordFollowUpAction',
    ),
  }

  // 1. The database: staff and patients in before the server opens it (PGlite allows one process).
  const database = await throwawayDatabase(backend)
  const handle = await openDatabase(database.config)
  const closeDatabase = onCleanUp('close the database', () => handle.close())
  const staff = await addStaff(handle, STAFF)
  await seed(handle, staff)
  const workload: Workload = { ...(await pickWorkload(handle)), actions }
  await closeDatabase()
  console.log(
    `  ${workload.dueFollowUps.length.toLocaleString('en-US')} follow-ups open and in their window today`,
  )

  // 2. The server, its memory sampled throughout, and 50 signed-in members.
  const server = await startServer(database.env, Number(args.port))
  const rss = sampleRss(server.process.pid!)
  const users = await signInAll(server.origin, actions.signIn, staff)

  // 3. The two phases of docs/performance-targets.md#under-load.
  const phases: PhaseResult[] = []
  phases.push(
    await runPhase(
      {
        name: 'A: candidates list',
        connections: 10,
        seconds: 15,
        mix: [{ kind: 'candidates list', weight: 1 }],
        userFor: () => users[0]!,
      },
      server.origin,
      workload,
      rss,
    ),
  )
  phases.push(
    await runPhase(
      {
        name: 'B: 50 members, mixed',
        connections: users.length,
        seconds: 60,
        mix: MIX,
        userFor: (connection) => users[connection]!,
      },
      server.origin,
      workload,
      rss,
    ),
  )
  const peakRssMb = rss.overallPeakMb()
  rss.stop()
  const errors = phases.reduce((sum, phase) => sum + phase.errors, 0)
  if (errors > 0) console.log(`\nThe server's last lines:\n${server.log.join('\n')}`)
  await stopServer(server.process)

  // 4. Every acknowledged save is in the database (one still in flight at the end may be too).
  const check = await openDatabase(database.config)
  const landed = await countSavesByStaffLogin(check, staff).finally(() => check.close())
  const sent = phases.reduce((sum, phase) => sum + phase.saves.sent, 0)
  const acknowledged = phases.reduce((sum, phase) => sum + phase.saves.acknowledged, 0)
  const savesLanded = landed >= acknowledged && landed <= sent

  printReport(phases, peakRssMb)
  console.log(
    `Follow-up saves: ${acknowledged} acknowledged, ${landed} recorded in the database (${sent} sent)` +
      (savesLanded ? '' : ' — MISMATCH'),
  )
  const rssWithinLimit = peakRssMb <= RSS_LIMIT_MB[backend]
  const passed = errors === 0 && rssWithinLimit && savesLanded
  writeResults({
    ranAt: new Date().toISOString(),
    patients: PATIENTS,
    staff: users.length,
    phases,
    peakRssMb: Math.round(peakRssMb),
    rssLimitMb: RSS_LIMIT_MB[backend],
    followUpSaves: { sent, acknowledged, landed },
    passed,
  })
  console.log(
    passed
      ? 'PASS: no errors, RSS within the limit'
      : `FAIL: ${errors} errors${rssWithinLimit ? '' : ', RSS over the limit'}${savesLanded ? '' : ', saves missing'}`,
  )
  return passed
}

main()
  .then(async (passed) => {
    await cleanUp()
    process.exit(passed ? 0 : 1)
  })
  .catch(async (error: unknown) => {
    console.error(`Load benchmark failed: ${error instanceof Error ? error.stack : String(error)}`)
    await cleanUp()
    process.exit(1)
  })
