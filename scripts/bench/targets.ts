import type { SeedRowCounts } from '@/db/seed/seed'

// The targets of docs/performance-targets.md, checked against the benchmark's figures. Pure, so a
// unit test pins which figure each target reads.

export type Backend = 'pglite' | 'postgres'
export type CaseGroup = 'candidates' | 'procedures' | 'follow-ups' | 'outcomes'
/** The candidate cases whose cost must not grow with the table (flat cost at any size). */
export type GrowthCase = 'first page' | 'deep page' | 'name search'

export interface CaseResult {
  group: CaseGroup
  name: string
  growth?: GrowthCase
  p50Ms: number
  p95Ms: number
  /** Rows on the page (months, for the outcomes dashboard). */
  rows: number
  /** The page's count (capped), or the procedures the charts cover. */
  total: number
}

export interface RunResult {
  backend: Backend
  patients: number
  rows: SeedRowCounts
  seed: {
    /** Generating, loading and the rollup's catch-up. */
    seconds: number
    /** The VACUUM ANALYZE after the load (as `npm run db:seed` runs it). */
    vacuumSeconds: number
    /** Milliseconds loading each table (serialising and COPY). */
    copyMs: SeedRowCounts
    rollupMs: number
  }
  cases: CaseResult[]
  /** The score charts computed in JavaScript from the base rows (the SQL ≥ 5 × comparison). */
  javascript?: { runs: number; p50Ms: number; p95Ms: number; sameCharts: boolean }
}

export interface TargetCheck {
  target: string
  measured: string
  met: boolean
}

const DASHBOARD = 'outcomes dashboard (all charts)'
const ms = (value: number) => `${value.toFixed(1)} ms`
const label = (backend: Backend) => (backend === 'postgres' ? 'PostgreSQL' : 'PGlite')
const thousands = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1_000}k`)

/** Every target the runs can speak to; a target whose runs are missing is left out. */
export function checkTargets(runs: readonly RunResult[]): TargetCheck[] {
  const checks: TargetCheck[] = []
  const find = (backend: Backend, patients: number) =>
    runs.find((run) => run.backend === backend && run.patients === patients)

  const postgres100k = find('postgres', 100_000)
  for (const c of postgres100k?.cases.filter((c) => c.group === 'candidates') ?? []) {
    checks.push({
      target: `Candidates list at 100k on PostgreSQL, ${c.name}: p95 ≤ 25 ms`,
      measured: ms(c.p95Ms),
      met: c.p95Ms <= 25,
    })
  }

  for (const backend of ['postgres', 'pglite'] as const) {
    const small = find(backend, 10_000)
    const large = find(backend, 1_000_000)
    if (!small || !large) continue
    for (const growth of ['first page', 'deep page', 'name search'] as const) {
      const at10k = small.cases.find((c) => c.growth === growth)
      const at1m = large.cases.find((c) => c.growth === growth)
      if (!at10k || !at1m) continue
      const ratio = at1m.p95Ms / at10k.p95Ms
      checks.push({
        target: `Candidates ${growth} on ${label(backend)}: p95 at 1M ≤ 1.3 × p95 at 10k`,
        measured: `${ms(at1m.p95Ms)} / ${ms(at10k.p95Ms)} = ${ratio.toFixed(2)} ×`,
        met: ratio <= 1.3,
      })
    }
    const search = large.cases.find((c) => c.growth === 'name search')
    if (backend === 'postgres' && search) {
      checks.push({
        target: 'Name search at 1M on PostgreSQL: p95 ≤ 38 ms',
        measured: ms(search.p95Ms),
        met: search.p95Ms <= 38,
      })
    }
  }

  // "Over 1M follow-ups": every run that holds at least that many.
  for (const run of runs.filter((r) => r.rows.followUps >= 1_000_000)) {
    const dashboard = run.cases.find((c) => c.name === DASHBOARD)
    if (!dashboard) continue
    const limit = run.backend === 'postgres' ? 250 : 500
    const where = `${label(run.backend)}, ${thousands(run.patients)} patients (${run.rows.followUps.toLocaleString('en-US')} follow-ups)`
    checks.push({
      target: `Outcomes aggregation, ${where}: p95 ≤ ${limit} ms`,
      measured: ms(dashboard.p95Ms),
      met: dashboard.p95Ms <= limit,
    })
    if (run.javascript) {
      const speedup = run.javascript.p95Ms / dashboard.p95Ms
      checks.push({
        target: `Outcomes in SQL ≥ 5 × faster than in JavaScript, ${where}, same charts`,
        measured: `${ms(run.javascript.p95Ms)} / ${ms(dashboard.p95Ms)} = ${speedup.toFixed(1)} ×${run.javascript.sameCharts ? '' : ', charts differ'}`,
        met: speedup >= 5 && run.javascript.sameCharts,
      })
    }
  }

  // Loading rates on PostgreSQL, scaled to the target's row count from the largest run.
  const postgresRuns = runs.filter((r) => r.backend === 'postgres')
  const largest = postgresRuns.reduce<RunResult | undefined>(
    (best, run) => (best && best.patients >= run.patients ? best : run),
    undefined,
  )
  if (largest) {
    const scaled = (table: keyof SeedRowCounts, rows: number) =>
      (largest.seed.copyMs[table] * rows) / largest.rows[table] / 1000
    const patientSeconds = scaled('patients', 100_000)
    checks.push({
      target: 'Seeding on PostgreSQL: 100k patient rows ≤ 3 s',
      measured: `${patientSeconds.toFixed(2)} s (at the rate of the ${thousands(largest.patients)} run)`,
      met: patientSeconds <= 3,
    })
    const followUpSeconds = scaled('followUps', 1_000_000)
    checks.push({
      target: 'Seeding on PostgreSQL: 1M follow-up rows ≤ 10 s',
      measured: `${followUpSeconds.toFixed(2)} s (at the rate of the ${thousands(largest.patients)} run)`,
      met: followUpSeconds <= 10,
    })
  }
  if (postgres100k) {
    const seconds = postgres100k.seed.seconds + postgres100k.seed.vacuumSeconds
    checks.push({
      target: 'Seeding on PostgreSQL: the whole 100k dataset (with VACUUM ANALYZE) ≤ 30 s',
      measured: `${seconds.toFixed(1)} s`,
      met: seconds <= 30,
    })
  }
  return checks
}
