// npm run bench:lighthouse [-- --backend pglite|postgres --patients 10000 --runs 3 --skip-build]
// The Lighthouse targets (docs/performance-targets.md#lighthouse): builds the app into .next-load
// (or reuses it), seeds a throwaway database, starts `next start` on loopback, signs a coordinator
// in, and audits the main pages in Debian's Chromium as a phone (Lighthouse's default, throttled)
// and as a desktop, `--runs` times each. Prints the median scores, CLS and TBT against the targets,
// writes bench/lighthouse-results.json, and exits non-zero when a target is missed.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as chromeLauncher from 'chrome-launcher'
import type { Result as LighthouseResult } from 'lighthouse'
import { openDatabase } from '@/db/client'
import { seedPatients } from '@/db/seed/seed'
import { patients } from '@/db/schema'
import { fail, parseCliArgs } from '../cli/args'
import { cookieHeader, signIn } from './harness/browser'
import {
  addStaff,
  BACKENDS,
  build,
  cleanUp,
  onCleanUp,
  serverActionId,
  SIGN_IN_ACTION,
  startServer,
  stopServer,
  throwawayDatabase,
  type Backend,
} from './harness/lifecycle'
import { restrictNewFilesToOwner } from '@/db/private-files'

const args = parseCliArgs(
  {
    backend: { type: 'string', default: 'pglite' },
    patients: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '3' },
    port: { type: 'string', default: '3450' },
    'skip-build': { type: 'boolean', default: false },
  },
  'npm run bench:lighthouse -- [--backend pglite|postgres] [--patients N] [--runs N] [--port N] [--skip-build]',
)
const backend = args.backend as Backend
const PATIENTS = Number(args.patients)
const RUNS = Number(args.runs)
const RESULTS_FILE = path.join('bench', 'lighthouse-results.json')
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium'
const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const
type Category = (typeof CATEGORIES)[number]
const FORM_FACTORS = ['mobile', 'desktop'] as const
type FormFactor = (typeof FORM_FACTORS)[number]

// docs/performance-targets.md#lighthouse: scores from 0 to 1, CLS unitless, TBT in milliseconds.
const MIN_SCORE: Record<FormFactor, Record<Category, number>> = {
  mobile: { performance: 0.95, accessibility: 0.98, 'best-practices': 1 },
  desktop: { performance: 1, accessibility: 0.98, 'best-practices': 1 },
}
const MAX_CLS = 0.1
const MAX_TBT_MS = 200

interface AuditRun {
  scores: Record<Category, number>
  cls: number
  tbtMs: number
}

interface Audit {
  page: string
  formFactor: FormFactor
  scores: Record<Category, number>
  cls: number
  tbtMs: number
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]!
}

/**
 * One Lighthouse run through its CLI, on plain Node: under tsx, the functions Lighthouse sends
 * into the page carry esbuild's `__name` helper, which the page does not have.
 */
async function audit(
  url: string,
  port: number,
  cookie: string,
  formFactor: FormFactor,
  attemptsLeft = 3,
): Promise<AuditRun> {
  const output = path.join(os.tmpdir(), `augment-lighthouse-${process.pid}.json`)
  const run = spawnSync(
    process.execPath,
    [
      path.join('node_modules', 'lighthouse', 'cli', 'index.js'),
      url,
      `--port=${port}`,
      '--output=json',
      `--output-path=${output}`,
      `--only-categories=${CATEGORIES.join(',')}`,
      `--extra-headers=${JSON.stringify({ Cookie: cookie })}`,
      '--quiet',
      ...(formFactor === 'desktop' ? ['--preset=desktop'] : []),
    ],
    { encoding: 'utf8' },
  )
  if (run.status !== 0) throw new Error(`Lighthouse failed on ${url}:\n${run.stderr}`)
  const lhr = JSON.parse(fs.readFileSync(output, 'utf8')) as LighthouseResult
  fs.rmSync(output, { force: true })
  if (lhr.runtimeError) {
    // Lighthouse's own advice for a lost trace (NO_NAVSTART and the like): run it again.
    if (attemptsLeft > 1) return audit(url, port, cookie, formFactor, attemptsLeft - 1)
    throw new Error(`${url}: ${lhr.runtimeError.message}`)
  }
  // A redirect to the sign-in page would audit the wrong page.
  if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(url).pathname)
    throw new Error(`${url} ended on ${lhr.finalDisplayedUrl}`)
  return {
    scores: Object.fromEntries(
      CATEGORIES.map((category) => [category, lhr.categories[category]?.score ?? 0]),
    ) as Record<Category, number>,
    cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? Number.NaN,
    tbtMs: lhr.audits['total-blocking-time']?.numericValue ?? Number.NaN,
  }
}

function missed(entry: Audit): string[] {
  const misses = CATEGORIES.filter(
    (category) => entry.scores[category] < MIN_SCORE[entry.formFactor][category],
  ).map((category) => `${category} ${entry.scores[category]}`)
  if (!(entry.cls <= MAX_CLS)) misses.push(`CLS ${entry.cls}`)
  if (!(entry.tbtMs <= MAX_TBT_MS)) misses.push(`TBT ${entry.tbtMs} ms`)
  return misses
}

async function main(): Promise<boolean> {
  // Data folders, backups and reports this command writes are its user's alone.
  restrictNewFilesToOwner()
  if (!BACKENDS.includes(backend)) fail(`--backend is one of ${BACKENDS.join(', ')}`)
  if (!Number.isInteger(PATIENTS) || PATIENTS < 1) fail('--patients is a positive integer')
  if (!Number.isInteger(RUNS) || RUNS < 1) fail('--runs is a positive integer')
  build(args['skip-build'])

  const database = await throwawayDatabase(backend)
  const handle = await openDatabase(database.config)
  const [coordinator] = await addStaff(handle, { coordinator: 1 })
  const physicianIds = (await addStaff(handle, { physician: 3 })).map((member) => member.id)
  await seedPatients(handle.db, { count: PATIENTS, seed: 2026, physicianIds })
  const [record] = await handle.db.select({ id: patients.id }).from(patients).limit(1)
  await handle.close()

  const server = await startServer(database.env, Number(args.port))
  const user = await signIn(server.origin, serverActionId(...SIGN_IN_ACTION), coordinator!)
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: CHROMIUM_FLAGS,
  })
  onCleanUp('close Chromium', async () => chrome.kill())

  const pages = ['/', '/candidates', `/candidates/${record!.id}`, '/procedures', '/outcomes']
  const results: Audit[] = []
  const failures: { page: string; formFactor: FormFactor; error: string }[] = []
  for (const page of pages) {
    for (const formFactor of FORM_FACTORS) {
      const name = page.startsWith('/candidates/') ? '/candidates/[id]' : page
      const runs: AuditRun[] = []
      try {
        for (let run = 0; run < RUNS; run++) {
          runs.push(
            await audit(
              `${server.origin}${page}`,
              chrome.port,
              cookieHeader(user.cookies),
              formFactor,
            ),
          )
        }
      } catch (error) {
        // Reported and counted as missed; the other pages are still audited.
        const message = error instanceof Error ? error.message : String(error)
        failures.push({ page: name, formFactor, error: message })
        console.log(`  ${name.padEnd(18)} ${formFactor.padEnd(8)} NOT MEASURED: ${message}`)
        continue
      }
      const entry: Audit = {
        page: name,
        formFactor,
        scores: Object.fromEntries(
          CATEGORIES.map((category) => [category, median(runs.map((r) => r.scores[category]))]),
        ) as Record<Category, number>,
        cls: median(runs.map((r) => r.cls)),
        tbtMs: Math.round(median(runs.map((r) => r.tbtMs))),
      }
      results.push(entry)
      const misses = missed(entry)
      console.log(
        `  ${entry.page.padEnd(18)} ${formFactor.padEnd(8)} performance ${entry.scores.performance.toFixed(2)}  accessibility ${entry.scores.accessibility.toFixed(2)}  best practices ${entry.scores['best-practices'].toFixed(2)}  CLS ${entry.cls.toFixed(3)}  TBT ${entry.tbtMs} ms  ${misses.length ? `NOT MET: ${misses.join(', ')}` : 'met'}`,
      )
    }
  }
  await stopServer(server.process)

  const passed = failures.length === 0 && results.every((entry) => missed(entry).length === 0)
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true })
  fs.writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify(
      {
        ranAt: new Date().toISOString(),
        backend,
        patients: PATIENTS,
        runsPerPage: RUNS,
        statistic: 'median',
        targets: { minScore: MIN_SCORE, maxCls: MAX_CLS, maxTbtMs: MAX_TBT_MS },
        results,
        failures,
        passed,
      },
      null,
      2,
    )}\n`,
  )
  console.log(`Wrote ${RESULTS_FILE}: ${passed ? 'every target met' : 'targets missed'}`)
  return passed
}

main()
  .then(async (passed) => {
    await cleanUp()
    process.exit(passed ? 0 : 1)
  })
  .catch(async (error: unknown) => {
    console.error(
      `Lighthouse benchmark failed: ${error instanceof Error ? error.stack : String(error)}`,
    )
    await cleanUp()
    process.exit(1)
  })
