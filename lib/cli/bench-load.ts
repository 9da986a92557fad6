// npm run bench:load [-- --backend pglite|postgres --patients 100000 --port 3400 --skip-build]
// DESIGN.md §7 under load: builds the app into .next-load, seeds a throwaway database (PGlite in
// a temp folder, or a new PostgreSQL database through BENCH_DATABASE_URL) with patients and 50
// staff, starts `next start` on loopback, signs the staff in through the login form's server
// action, then drives it with autocannon: phase A, 10 connections on the candidates list for 15 s;
// phase B, one connection per signed-in member for 60 s, a realistic mix that saves follow-ups.
// Prints throughput, latency, errors and the server's peak RSS, writes bench/load-results.json,
// and exits non-zero on any error or an RSS over the backend's limit.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { openDatabase, type DatabaseHandle } from '@/db/client'
import type { DatabaseConfig } from '@/db/config'
import { seedPatients } from '@/db/seed/seed'
import { hashPassword, generatePassword } from '@/lib/auth/password'
import { todayIso } from '@/lib/dates'
import { candidateListQuery } from '@/lib/patients/list-params'
import { procedureListQuery } from '@/lib/procedures/list-params'
import { insertStaffRow } from '@/lib/staff/create'
import { fail, parseCliArgs } from './args'
import { progressReporter } from './progress'

const args = parseCliArgs(
  {
    backend: { type: 'string', default: 'pglite' },
    patients: { type: 'string', default: '100000' },
    port: { type: 'string', default: '3400' },
    'skip-build': { type: 'boolean', default: false },
  },
  'npm run bench:load -- [--backend pglite|postgres] [--patients N] [--port N] [--skip-build]',
)
const BACKENDS = ['pglite', 'postgres'] as const
type Backend = (typeof BACKENDS)[number]
const backend = args.backend as Backend
const PATIENTS = Number(args.patients)
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
// Its own build folder, so a running demo or `npm test` build is never disturbed.
const DIST_DIR = '.next-load'
const RESULTS_FILE = path.join('bench', 'load-results.json')
// DESIGN.md §7: the server's resident memory under load.
const RSS_LIMIT_MB: Record<Backend, number> = { postgres: 420, pglite: 770 }
const RSS_SAMPLE_MS = 250
const STAFF = { coordinator: 30, physician: 20 } as const
// Argon2 takes ~19 MiB and a core per sign-in: a few at a time, as a morning's logins arrive.
const SIGN_IN_CONCURRENCY = 4
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

// Filters and sorts from the URL, as the list's toolbar writes them (lib/patients/list-params.ts).
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

interface LoadStaff {
  id: string
  email: string
  name: string
  role: keyof typeof STAFF
  password: string
}

interface SignedInUser extends LoadStaff {
  /** The browser's cookies for the app: refreshed from every answer, as a browser does. */
  cookies: Map<string, string>
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

// ---- Clean-up: whatever the run set up is undone at the end, on failure and on Ctrl-C ----------

const undoSteps: { label: string; run: () => Promise<void> }[] = []

/** Registers an undo step; the function returned runs it now (once) instead of at the end. */
function onCleanUp(label: string, run: () => Promise<void>): () => Promise<void> {
  const step = { label, run }
  undoSteps.push(step)
  return async () => {
    const index = undoSteps.indexOf(step)
    if (index === -1) return
    undoSteps.splice(index, 1)
    await run()
  }
}

let cleaning: Promise<void> | undefined
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (let step = undoSteps.pop(); step; step = undoSteps.pop()) {
      try {
        await step.run()
      } catch (error) {
        console.error(`  could not ${step.label}: ${String(error)}`)
      }
    }
  })()
  return cleaning
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up`)
    void cleanUp().finally(() => process.exit(130))
  })
}

// ---- Build -------------------------------------------------------------------------------------

/**
 * `next build` into DIST_DIR. Next rewrites tsconfig.json (it adds the folder's types) and
 * next-env.d.ts for a new dist folder: both are put back as they were, byte for byte.
 */
function build() {
  const buildId = path.join(DIST_DIR, 'BUILD_ID')
  if (args['skip-build']) {
    if (!fs.existsSync(buildId))
      throw new Error(`--skip-build: no build in ${DIST_DIR}; run without it once.`)
    console.log(`Reusing the build in ${DIST_DIR}`)
    return
  }
  const rewritten = ['tsconfig.json', 'next-env.d.ts'].map((file) => ({
    file,
    before: fs.existsSync(file) ? fs.readFileSync(file) : null,
  }))
  console.log(`Building into ${DIST_DIR} (next build)`)
  try {
    const result = spawnSync(process.execPath, [nextBin(), 'build'], {
      stdio: 'inherit',
      env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: '1' },
    })
    if (result.status !== 0) throw new Error('The build failed.')
  } finally {
    for (const { file, before } of rewritten) {
      if (before === null) fs.rmSync(file, { force: true })
      else if (!fs.readFileSync(file).equals(before)) fs.writeFileSync(file, before)
    }
  }
}

function nextBin(): string {
  return path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next')
}

/** The ids of the two actions this benchmark posts, from the build's server reference manifest. */
function actionIds(): Workload['actions'] {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(DIST_DIR, 'server', 'server-reference-manifest.json'), 'utf8'),
  ) as { node: Record<string, { filename: string; exportedName: string }> }
  const find = (filename: string, exportedName: string) => {
    const found = Object.entries(manifest.node).find(
      ([, entry]) => entry.filename === filename && entry.exportedName === exportedName,
    )
    if (!found) throw new Error(`No server action ${filename}#${exportedName} in the build`)
    return found[0]
  }
  return {
    signIn: find('app/(auth)/login/actions.ts', 'signInAction'),
    recordFollowUp: find('app/(app)/(clinic)/candidates/[id]/actions.ts', 'recordFollowUpAction'),
  }
}

// ---- The throwaway database --------------------------------------------------------------------

/** A new database for this run; it is dropped (PostgreSQL) or deleted (PGlite) at the end. */
async function throwawayDatabase(): Promise<{
  config: DatabaseConfig
  env: Record<string, string>
}> {
  if (backend === 'pglite') {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'augment-load-'))
    onCleanUp(`remove ${folder}`, async () => fs.rmSync(folder, { recursive: true, force: true }))
    const dir = path.join(folder, 'pglite')
    console.log(`PGlite in ${dir}`)
    return { config: { backend, dir }, env: { PGLITE_DIR: dir } }
  }
  const name = `augment_load_${process.pid}`
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  onCleanUp(`drop the database ${name}`, async () => {
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  })
  await admin.query(`create database ${name}`)
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  console.log(`PostgreSQL database ${url.host}/${name}`)
  return { config: { backend, url: url.toString() }, env: { DATABASE_URL: url.toString() } }
}

/** 50 staff with real argon2id hashes of generated passwords, as an admin would add them. */
async function addLoadStaff(handle: DatabaseHandle): Promise<LoadStaff[]> {
  const members: Omit<LoadStaff, 'id'>[] = Object.entries(STAFF).flatMap(([role, count]) =>
    Array.from({ length: count }, (_, i) => ({
      email: `load-${role}-${String(i + 1).padStart(2, '0')}@bench.example`,
      name: `Load ${role} ${i + 1}`,
      role: role as LoadStaff['role'],
      password: generatePassword(20),
    })),
  )
  const staff: LoadStaff[] = []
  // One hash at a time: each holds ~19 MiB while it runs.
  for (const member of members) {
    const passwordHash = await hashPassword(member.password)
    const row = await insertStaffRow(
      handle.db,
      {
        email: member.email,
        name: member.name,
        role: member.role,
        passwordHash,
        mustChangePassword: false,
      },
      null,
    )
    if (!row) throw new Error(`${member.email} already exists`)
    staff.push({ ...member, id: row.id })
  }
  return staff
}

async function seed(handle: DatabaseHandle, staff: LoadStaff[]) {
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
async function countSavesByLoadStaff(handle: DatabaseHandle, staff: LoadStaff[]) {
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

// ---- The server ---------------------------------------------------------------------------------

async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 50; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer()
      probe.once('error', () => resolve(false))
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
    })
    if (free) return port
  }
  throw new Error(`No free port in ${from}–${from + 49}`)
}

interface Server {
  origin: string
  process: ChildProcess
  /** The last lines it printed, shown when something goes wrong. */
  log: string[]
}

/** `next start` (production, not demo mode) on loopback, ready once /api/health answers. */
async function startServer(databaseEnv: Record<string, string>): Promise<Server> {
  const port = await freePort(Number(args.port))
  // Nothing of the caller's database or demo settings leaks in.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('AUGMENT_') && key !== 'DATABASE_URL' && key !== 'PGLITE_DIR',
    ),
  )
  const child = spawn(
    process.execPath,
    // The heap limit `npm start` sets (package.json): the server's memory is what is measured.
    ['--max-old-space-size=256', nextBin(), 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...inherited,
        ...databaseEnv,
        NODE_ENV: 'production',
        NEXT_DIST_DIR: DIST_DIR,
        NEXT_MANUAL_SIG_HANDLE: 'true',
        NEXT_TELEMETRY_DISABLED: '1',
        AUTH_SECRET: crypto.randomBytes(32).toString('base64url'),
      },
    },
  )
  const server: Server = { origin: `http://127.0.0.1:${port}`, process: child, log: [] }
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8')
    stream.on('data', (text: string) => {
      server.log.push(...text.split('\n').filter(Boolean))
      server.log.splice(0, server.log.length - 40)
    })
  }
  onCleanUp('stop the server', () => stopServer(child))
  const started = performance.now()
  while (performance.now() - started < 120_000) {
    if (child.exitCode !== null) {
      throw new Error(`The server exited (${child.exitCode}):\n${server.log.join('\n')}`)
    }
    const healthy = await fetch(`${server.origin}/api/health`).then(
      (response) => response.ok,
      () => false,
    )
    if (healthy) {
      console.log(`Server ${server.origin} (pid ${child.pid}) ready in ${seconds(started)} s`)
      return server
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`The server did not answer /api/health within 120 s:\n${server.log.join('\n')}`)
}

/** SIGTERM (the app closes its database), SIGKILL if it has not exited 15 s later. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
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

// ---- HTTP as a browser speaks it ----------------------------------------------------------------

/** A multipart/form-data body of text fields, as a browser's FormData is sent. */
function multipart(fields: [string, string][]): { body: string; contentType: string } {
  const boundary = `----AugmentLoad${crypto.randomBytes(12).toString('hex')}`
  const parts = fields.map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  )
  return {
    body: `${parts.join('')}--${boundary}--\r\n`,
    contentType: `multipart/form-data; boundary=${boundary}`,
  }
}

/**
 * A form's server action request as React encodes `action(previousState, formData)` for
 * useActionState: the form's fields prefixed "_1_", then the arguments in field "0" with the
 * form as reference 1 and the form's idle state first.
 */
function actionRequest(actionId: string, origin: string, form: Record<string, string>) {
  const { body, contentType } = multipart([
    ...Object.entries(form).map(([name, value]): [string, string] => [`_1_${name}`, value]),
    ['0', JSON.stringify([{ ok: true }, '$K1'])],
  ])
  const headers = {
    accept: 'text/x-component',
    'content-type': contentType,
    'next-action': actionId,
    origin,
  }
  return { headers, body }
}

/**
 * What the action returned, read from its RSC answer: row 0 is `{"a":"$@N",…}` and row N the
 * value. Null when the answer holds no readable result.
 */
function actionResult(body: string): { ok: boolean; message?: string } | null {
  const rowsById = new Map<string, string>()
  for (const line of body.split('\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) rowsById.set(line.slice(0, colon), line.slice(colon + 1))
  }
  try {
    const root = JSON.parse(rowsById.get('0') ?? 'null') as { a?: unknown } | null
    const reference = typeof root?.a === 'string' ? /^\$@([0-9a-f]+)$/.exec(root.a)?.[1] : null
    const value: unknown = reference ? JSON.parse(rowsById.get(reference) ?? 'null') : root?.a
    if (typeof value === 'object' && value !== null && 'ok' in value) {
      return value as { ok: boolean; message?: string }
    }
  } catch {
    // Not JSON: reported as unreadable below.
  }
  return null
}

function cookieHeader(cookies: Map<string, string>): string {
  return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
}

/** Applies Set-Cookie headers to a cookie jar (one host, no paths to tell apart here). */
function storeCookies(cookies: Map<string, string>, setCookies: string[]) {
  for (const setCookie of setCookies) {
    const [pair = '', ...attributes] = setCookie.split(';')
    const equals = pair.indexOf('=')
    const name = pair.slice(0, equals).trim()
    const value = pair.slice(equals + 1).trim()
    const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute))
    if (expired || value === '') cookies.delete(name)
    else cookies.set(name, value)
  }
}

/**
 * Signs one member in as the login page does: GET /login, then its server action with email
 * and password. The answer sets the session cookie; a refusal carries the form's message.
 */
async function signIn(origin: string, actionId: string, member: LoadStaff): Promise<SignedInUser> {
  const cookies = new Map<string, string>()
  const page = await fetch(`${origin}/login`, { redirect: 'manual' })
  if (page.status !== 200) throw new Error(`GET /login answered ${page.status}`)
  storeCookies(cookies, page.headers.getSetCookie())
  const { headers, body } = actionRequest(actionId, origin, {
    email: member.email,
    password: member.password,
  })
  const answer = await fetch(`${origin}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, cookie: cookieHeader(cookies) },
    body,
  })
  storeCookies(cookies, answer.headers.getSetCookie())
  if (![...cookies.keys()].some((name) => name.startsWith('authjs.session-token'))) {
    const result = actionResult(await answer.text())
    throw new Error(`${member.email}: ${result?.message ?? `no session (HTTP ${answer.status})`}`)
  }
  // The session works: the list answers instead of sending the member to /login.
  const list = await fetch(`${origin}/candidates`, {
    redirect: 'manual',
    headers: { cookie: cookieHeader(cookies) },
  })
  if (list.status !== 200)
    throw new Error(`${member.email}: GET /candidates answered ${list.status}`)
  storeCookies(cookies, list.headers.getSetCookie())
  return { ...member, cookies }
}

async function signInAll(origin: string, actionId: string, staff: LoadStaff[]) {
  const started = performance.now()
  const users: SignedInUser[] = []
  for (let i = 0; i < staff.length; i += SIGN_IN_CONCURRENCY) {
    const batch = staff.slice(i, i + SIGN_IN_CONCURRENCY)
    users.push(...(await Promise.all(batch.map((member) => signIn(origin, actionId, member)))))
  }
  console.log(`Signed in ${users.length} staff in ${seconds(started)} s`)
  return users
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

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1)
}

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
  if (!BACKENDS.includes(backend)) fail(`--backend is one of ${BACKENDS.join(', ')}`)
  if (!Number.isInteger(PATIENTS) || PATIENTS < 1) fail('--patients is a positive integer')
  build()
  const actions = actionIds()

  // 1. The database: staff and patients in before the server opens it (PGlite allows one process).
  const database = await throwawayDatabase()
  const handle = await openDatabase(database.config)
  const closeDatabase = onCleanUp('close the database', () => handle.close())
  const staff = await addLoadStaff(handle)
  await seed(handle, staff)
  const workload: Workload = { ...(await pickWorkload(handle)), actions }
  await closeDatabase()
  console.log(
    `  ${workload.dueFollowUps.length.toLocaleString('en-US')} follow-ups open and in their window today`,
  )

  // 2. The server, its memory sampled throughout, and 50 signed-in members.
  const server = await startServer(database.env)
  const rss = sampleRss(server.process.pid!)
  const users = await signInAll(server.origin, actions.signIn, staff)

  // 3. The two phases of DESIGN.md §7.
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
  const landed = await countSavesByLoadStaff(check, staff).finally(() => check.close())
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
