// npm run bench [-- --patients 10000,100000,1000000 --runs 200 --backend pglite|postgres|both
//   --only candidates|procedures|follow-ups|outcomes --out bench/results.json]
// The performance report (docs/performance-targets.md). For each backend and each size it seeds a
// throwaway database (PGlite in a temp folder; PostgreSQL in a new database through
// BENCH_DATABASE_URL, default the local server), then times, as the pages run them, the candidate
// list for several filter/sort/search combinations and a deep page, the procedure list's views, the
// "Follow-ups due" worklist and the outcomes dashboard (p50/p95 over sequential runs after a
// warm-up), and the score charts computed in JavaScript for comparison. Prints a table per run and
// the targets, and writes every figure to --out after each run (keeping the runs of other backends
// and sizes already there, so a report can be measured in parts).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { openDatabase, type DatabaseHandle } from '@/db/client'
import type { DatabaseConfig } from '@/db/config'
import { seedPatients, upsertDemoStaff, type SeedRowCounts } from '@/db/seed/seed'
import { todayIso } from '@/lib/dates'
import { queryFollowUpsDue } from '@/lib/follow-ups/due-query'
import type { OutcomeFilters } from '@/lib/outcomes/filters'
import { outcomesDashboard } from '@/lib/outcomes/queries'
import { candidateListParams, type CandidateListParams } from '@/lib/candidates/list-params'
import { queryCandidateRows, queryCandidates } from '@/lib/candidates/list-query'
import { procedureListParams, type ProcedureListParams } from '@/lib/procedures/list-params'
import { queryProcedures } from '@/lib/procedures/list-query'
import { scoreChartsInJavaScript } from './outcomes-in-js'
import {
  checkTargets,
  type Backend,
  type CaseGroup,
  type CaseResult,
  type GrowthCase,
  type RunResult,
} from './targets'
import { fail, parseCliArgs } from '../cli/args'
import { progressReporter } from '../cli/progress'
import { restrictNewFilesToOwner } from '@/db/private-files'

// Lists are read as a member with no grants: every restricted record is filtered out, the
// costlier path.
const UNGRANTED_VIEWER = '00000000-0000-0000-0000-000000000000'

const args = parseCliArgs(
  {
    patients: { type: 'string', default: '10000,100000,1000000' },
    runs: { type: 'string', default: '200' },
    backend: { type: 'string', default: 'both' },
    only: { type: 'string' },
    out: { type: 'string', default: 'bench/results.json' },
  },
  'npm run bench -- [--patients N[,N…]] [--runs N] [--backend pglite|postgres|both] [--only candidates|procedures|follow-ups|outcomes] [--out FILE]',
)
const SIZES = args.patients.split(',').map(Number)
const RUNS = Number(args.runs)
const WARMUP = Math.max(10, Math.round(RUNS / 10))
// Timing one group of cases skips the others' minutes of runs; the seed is the same either way.
const GROUPS: readonly CaseGroup[] = ['candidates', 'procedures', 'follow-ups', 'outcomes']
const only = args.only as CaseGroup | undefined
const selected = (group: CaseGroup) => only === undefined || only === group
// The JavaScript computation loads every assessment: a few runs say enough.
const JAVASCRIPT_RUNS = 5
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

// Page 200 exists at every size (10k patients fill 400 pages of 25): the targets' deep page, as the
// Next link reaches it (a cursor: `after` the last row of page 199) and as a page number typed
// into the URL (OFFSET). `afterRow` names the row the cursor points at (1-based, default order).
const CASES: {
  name: string
  growth?: GrowthCase
  params: Partial<CandidateListParams>
  afterRow?: number
}[] = [
  { name: 'default: newest referrals, page 1', growth: 'first page', params: {} },
  {
    name: 'default: newest referrals, page 200 by Next',
    growth: 'deep page',
    params: { page: 200 },
    afterRow: 199 * 25,
  },
  { name: 'default: newest referrals, page 200 by number', params: { page: 200 } },
  // Past the end at 10k (empty); 50,000 rows in at 100k and 1M.
  {
    name: 'default: newest referrals, page 2000 by Next',
    params: { page: 2000 },
    afterRow: 1999 * 25,
  },
  { name: 'default: newest referrals, page 2000 by number', params: { page: 2000 } },
  {
    name: 'status=evaluation, sort name asc',
    params: { status: 'evaluation', sort: 'name', dir: 'asc' },
  },
  {
    name: 'etiology+procedure, sort age desc',
    params: { etiology: 'osteoporotic', procedure: 'kyphoplasty', sort: 'age', dir: 'desc' },
  },
  { name: 'physician, sort status, page 20', params: { sort: 'status', dir: 'asc', page: 20 } },
  {
    name: 'search name prefix "wal", sort name',
    growth: 'name search',
    params: { q: 'wal', sort: 'name', dir: 'asc' },
  },
  { name: 'search MRN prefix "M00012"', params: { q: 'M00012' } },
  { name: 'sort physician desc, page 1', params: { sort: 'physician', dir: 'desc' } },
]

// The procedure list as its page runs it; a name starting "physician" adds the first physician.
const PROCEDURE_CASES: { name: string; params: Partial<ProcedureListParams> }[] = [
  { name: 'procedures: upcoming, page 1', params: {} },
  {
    name: 'procedures: completed, overnight, performed desc',
    params: { view: 'completed', disposition: 'overnight', sort: 'performed', dir: 'desc' },
  },
  { name: 'physician: procedures completed', params: { view: 'completed' } },
  { name: 'procedures: completed, page 20', params: { view: 'completed', page: 20 } },
]

// The outcomes page's aggregates, every chart at once, as the page loads them.
const OUTCOME_CASES: { name: string; filters: OutcomeFilters }[] = [
  { name: 'outcomes dashboard (all charts)', filters: {} },
  { name: 'outcomes dashboard (all charts), kyphoplasty', filters: { type: 'kyphoplasty' } },
]

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

interface Prepared {
  handle: DatabaseHandle
  rows: SeedRowCounts
  seed: RunResult['seed']
}

const seconds = (ms: number) => ms / 1000

async function prepare(config: DatabaseConfig, patients: number): Promise<Prepared> {
  const handle = await openDatabase(config)
  const started = performance.now()
  const staff = await upsertDemoStaff(handle.db, async () => 'bench-not-a-real-hash')
  const physicianIds = staff.filter((s) => s.role === 'physician').map((s) => s.id)
  const { copyMs, rollupMs, ...rows } = await seedPatients(handle.db, {
    count: patients,
    seed: 2026,
    physicianIds,
    onProgress: progressReporter('patients'),
  })
  const seeded = performance.now()
  // As `npm run db:seed` does: statistics, and the visibility map index-only scans need (this
  // server runs with autovacuum off; PGlite has no autovacuum at all).
  await handle.db.execute(sql`vacuum analyze`)
  const vacuumed = performance.now()
  const seed = {
    seconds: seconds(seeded - started),
    vacuumSeconds: seconds(vacuumed - seeded),
    copyMs,
    rollupMs,
  }
  console.log(
    `  seeded ${rows.patients.toLocaleString('en-US')} patients, ${rows.followUps.toLocaleString('en-US')} follow-ups (${Object.values(
      rows,
    )
      .reduce((a, b) => a + b, 0)
      .toLocaleString(
        'en-US',
      )} rows) in ${seed.seconds.toFixed(1)} s + VACUUM ANALYZE ${seed.vacuumSeconds.toFixed(1)} s` +
      `; COPY patients ${seconds(copyMs.patients).toFixed(2)} s, follow-ups ${seconds(copyMs.followUps).toFixed(2)} s; rollup catch-up ${seconds(rollupMs).toFixed(1)} s`,
  )
  return { handle, rows, seed }
}

async function timeRuns<T>(warmup: number, runs: number, run: () => Promise<T>) {
  let last: T | undefined
  for (let i = 0; i < warmup; i++) last = await run()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const started = performance.now()
    last = await run()
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  return { last: last as T, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95) }
}

const row = (name: string, p50: string, p95: string, rows: string, total: string) =>
  `  ${name.padEnd(52)} ${p50.padStart(8)} ${p95.padStart(8)} ${rows.padStart(6)} ${total.padStart(8)}`

async function time(
  group: CaseGroup,
  name: string,
  growth: GrowthCase | undefined,
  run: () => Promise<{ rows: unknown[]; total: number }>,
): Promise<CaseResult> {
  const { last, p50Ms, p95Ms } = await timeRuns(WARMUP, RUNS, run)
  console.log(
    row(
      name,
      p50Ms.toFixed(2),
      p95Ms.toFixed(2),
      String(last.rows.length),
      last.total.toLocaleString('en-US'),
    ),
  )
  return { group, name, growth, p50Ms, p95Ms, rows: last.rows.length, total: last.total }
}

async function measure(db: DatabaseHandle['db']): Promise<Pick<RunResult, 'cases' | 'javascript'>> {
  const physicianId = (await db.execute(
    sql`select id from staff where role = 'physician' order by email limit 1`,
  )) as unknown as { rows: { id: string }[] }
  const forPhysician = (name: string) =>
    name.startsWith('physician') ? { physician: physicianId.rows[0]?.id } : {}
  console.log(
    `  ${RUNS} sequential runs per case after ${WARMUP} warm-up runs (25 rows a page + capped count)`,
  )
  console.log(row('case', 'p50 ms', 'p95 ms', 'rows', 'total'))
  const cases: CaseResult[] = []
  for (const { name, growth, params, afterRow } of selected('candidates') ? CASES : []) {
    const parsed = {
      ...candidateListParams.parse({ ...params, ...forPhysician(name) }),
      viewerId: UNGRANTED_VIEWER,
    }
    if (afterRow !== undefined) {
      const [boundary] = await queryCandidateRows(
        db,
        { ...parsed, page: 1 },
        {
          limit: 1,
          offset: afterRow - 1,
        },
      )
      parsed.after = boundary?.id
    }
    cases.push(await time('candidates', name, growth, () => queryCandidates(db, parsed)))
  }
  for (const { name, params } of selected('procedures') ? PROCEDURE_CASES : []) {
    const parsed = {
      ...procedureListParams.parse({ ...params, ...forPhysician(name) }),
      viewerId: UNGRANTED_VIEWER,
    }
    cases.push(await time('procedures', name, undefined, () => queryProcedures(db, parsed)))
  }
  const today = todayIso()
  if (selected('follow-ups')) {
    cases.push(
      await time('follow-ups', 'follow-ups due (25 rows)', undefined, () =>
        queryFollowUpsDue(db, { today, limit: 25, viewerId: UNGRANTED_VIEWER }),
      ),
    )
  }
  if (!selected('outcomes')) return { cases }
  for (const { name, filters } of OUTCOME_CASES) {
    // rows: months in the volume chart; total: completed procedures the charts cover.
    cases.push(
      await time('outcomes', name, undefined, async () => {
        const dashboard = await outcomesDashboard(db, filters)
        return { rows: dashboard.volume.months, total: dashboard.volume.n }
      }),
    )
  }
  const { last, p50Ms, p95Ms } = await timeRuns(1, JAVASCRIPT_RUNS, () =>
    scoreChartsInJavaScript(db),
  )
  const dashboard = await outcomesDashboard(db)
  const sameCharts = isDeepStrictEqual(last, {
    efficacy: dashboard.efficacy,
    pain: dashboard.pain,
    odi: dashboard.odi,
  })
  console.log(
    row(
      `score charts in JavaScript (${JAVASCRIPT_RUNS} runs)${sameCharts ? '' : ' DIFFER'}`,
      p50Ms.toFixed(2),
      p95Ms.toFixed(2),
      '',
      '',
    ),
  )
  return { cases, javascript: { runs: JAVASCRIPT_RUNS, p50Ms, p95Ms, sameCharts } }
}

/** A throwaway database of each backend: a temp PGlite folder, or a new PostgreSQL database. */
async function withDatabase<T>(
  backend: Backend,
  work: (config: DatabaseConfig) => Promise<T>,
): Promise<T> {
  if (backend === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'augment-bench-'))
    console.log(`  (${dir})`)
    try {
      return await work({ backend: 'pglite', dir: path.join(dir, 'pglite') })
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  }
  const name = `augment_bench_${process.pid}`
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  console.log(`  (${url.host}/${name})`)
  try {
    return await work({ backend: 'postgres', url: url.toString() })
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}

async function benchRun(backend: Backend, patients: number): Promise<RunResult> {
  const title = backend === 'postgres' ? 'PostgreSQL' : 'PGlite'
  console.log(`\n${title}, ${patients.toLocaleString('en-US')} patients`)
  return withDatabase(backend, async (config) => {
    const { handle, rows, seed } = await prepare(config, patients)
    try {
      return { backend, patients, rows, seed, ...(await measure(handle.db)) }
    } finally {
      await handle.close()
    }
  })
}

function writeResults(runs: RunResult[]) {
  const report = {
    generatedAt: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    runsPerCase: RUNS,
    warmupRuns: WARMUP,
    runs,
    targets: checkTargets(runs),
  }
  fs.mkdirSync(path.dirname(args.out), { recursive: true })
  fs.writeFileSync(args.out, `${JSON.stringify(report, null, 2)}\n`)
  return report.targets
}

async function main() {
  // Data folders, backups and reports this command writes are its user's alone.
  restrictNewFilesToOwner()
  if (!SIZES.every((n) => Number.isInteger(n) && n > 0) || !Number.isInteger(RUNS) || RUNS < 1)
    fail('--patients takes positive integers separated by commas; --runs a positive integer')
  if (only !== undefined && !GROUPS.includes(only)) fail(`--only is one of ${GROUPS.join(', ')}`)
  if (!['pglite', 'postgres', 'both'].includes(args.backend))
    fail('--backend is pglite, postgres or both')
  const backends: Backend[] =
    args.backend === 'both' ? ['pglite', 'postgres'] : [args.backend as Backend]
  // A report measured in parts: runs already in --out for other backends or sizes stay in it.
  const measured = (run: RunResult) =>
    backends.includes(run.backend) && SIZES.includes(run.patients)
  const earlier: RunResult[] = fs.existsSync(args.out)
    ? (JSON.parse(fs.readFileSync(args.out, 'utf8')) as { runs: RunResult[] }).runs
    : []
  const runs = earlier.filter((run) => !measured(run))
  for (const backend of backends) {
    for (const patients of SIZES) {
      const run = await benchRun(backend, patients)
      // With --only, the other groups' figures of the same backend and size stay as they were.
      const before = earlier.find((r) => r.backend === backend && r.patients === patients)
      if (only !== undefined && before) {
        run.cases = [...before.cases.filter((c) => c.group !== only), ...run.cases]
        run.javascript ??= before.javascript
      }
      runs.push(run)
      writeResults(runs)
    }
  }
  const targets = writeResults(runs)
  console.log(`\nPerformance targets (docs/performance-targets.md; figures in ${args.out}):`)
  for (const check of targets) {
    console.log(`  ${check.met ? 'met    ' : 'NOT MET'}  ${check.target}: ${check.measured}`)
  }
}

main().catch((error: unknown) =>
  fail(`Benchmark failed: ${error instanceof Error ? error.stack : String(error)}`),
)
