import { describe, expect, it } from 'vitest'
import type { SeedRowCounts } from '@/db/seed/seed'
import { checkTargets, type Backend, type CaseResult, type RunResult } from './targets'

const counts = (patients: number, followUps: number): SeedRowCounts => ({
  patients,
  events: patients * 3,
  fractures: patients * 1.5,
  imagingOrders: patients,
  procedures: patients * 0.8,
  treatedLevels: patients,
  adverseEvents: patients / 20,
  followUps,
})

const candidate = (name: string, p95Ms: number, growth?: CaseResult['growth']): CaseResult => ({
  group: 'candidates',
  name,
  growth,
  p50Ms: p95Ms / 2,
  p95Ms,
  rows: 25,
  total: 10_000,
})

const outcomes = (p95Ms: number): CaseResult => ({
  group: 'outcomes',
  name: 'outcomes dashboard (all charts)',
  p50Ms: p95Ms / 2,
  p95Ms,
  rows: 36,
  total: 1,
})

function run(
  backend: Backend,
  patients: number,
  cases: CaseResult[],
  extra: Partial<RunResult> = {},
): RunResult {
  return {
    backend,
    patients,
    rows: counts(patients, patients * 4),
    seed: {
      seconds: 20,
      vacuumSeconds: 5,
      copyMs: counts(patients / 100_000, patients / 250_000),
      rollupMs: 1000,
    },
    cases,
    ...extra,
  }
}

const byTarget = (runs: RunResult[]) =>
  Object.fromEntries(checkTargets(runs).map((c) => [c.target, c]))

describe('checkTargets (docs/performance-targets.md)', () => {
  it('holds each candidate case at 100k on PostgreSQL to 25 ms, inclusive', () => {
    const checks = byTarget([
      run('postgres', 100_000, [candidate('first', 25), candidate('sorted', 25.01)]),
      run('pglite', 100_000, [candidate('first', 90)]),
    ])
    expect(checks['Candidates list at 100k on PostgreSQL, first: p95 ≤ 25 ms']?.met).toBe(true)
    expect(checks['Candidates list at 100k on PostgreSQL, sorted: p95 ≤ 25 ms']?.met).toBe(false)
    // PGlite has no list target of its own.
    expect(Object.keys(checks).some((t) => t.includes('PGlite, first'))).toBe(false)
  })

  it('compares 1M with 10k for the first page, a deep page and a name search', () => {
    const checks = byTarget([
      run('postgres', 10_000, [
        candidate('a', 10, 'first page'),
        candidate('b', 10, 'deep page'),
        candidate('c', 30, 'name search'),
      ]),
      run('postgres', 1_000_000, [
        candidate('a', 13, 'first page'),
        candidate('b', 13.1, 'deep page'),
        candidate('c', 39, 'name search'),
      ]),
    ])
    expect(checks['Candidates first page on PostgreSQL: p95 at 1M ≤ 1.3 × p95 at 10k']).toEqual({
      target: 'Candidates first page on PostgreSQL: p95 at 1M ≤ 1.3 × p95 at 10k',
      measured: '13.0 ms / 10.0 ms = 1.30 ×',
      met: true,
    })
    expect(checks['Candidates deep page on PostgreSQL: p95 at 1M ≤ 1.3 × p95 at 10k']?.met).toBe(
      false,
    )
    expect(checks['Candidates name search on PostgreSQL: p95 at 1M ≤ 1.3 × p95 at 10k']?.met).toBe(
      true,
    )
    expect(checks['Name search at 1M on PostgreSQL: p95 ≤ 38 ms']?.met).toBe(false)
  })

  it('checks outcomes only where a run holds 1M follow-ups, per backend, with the JavaScript ratio', () => {
    const javascript = (p95Ms: number, sameCharts = true) => ({
      runs: 5,
      p50Ms: p95Ms,
      p95Ms,
      sameCharts,
    })
    const checks = checkTargets([
      run('postgres', 100_000, [outcomes(400)], { javascript: javascript(100) }),
      run('postgres', 250_000, [outcomes(250)], { javascript: javascript(1250) }),
      run('pglite', 250_000, [outcomes(501)], { javascript: javascript(5000, false) }),
    ]).filter((c) => c.target.startsWith('Outcomes'))
    expect(checks.map((c) => [c.target, c.met])).toEqual([
      [
        'Outcomes aggregation, PostgreSQL, 250k patients (1,000,000 follow-ups): p95 ≤ 250 ms',
        true,
      ],
      [
        'Outcomes in SQL ≥ 5 × faster than in JavaScript, PostgreSQL, 250k patients (1,000,000 follow-ups), same charts',
        true,
      ],
      ['Outcomes aggregation, PGlite, 250k patients (1,000,000 follow-ups): p95 ≤ 500 ms', false],
      [
        'Outcomes in SQL ≥ 5 × faster than in JavaScript, PGlite, 250k patients (1,000,000 follow-ups), same charts',
        false,
      ],
    ])
  })

  it('scales loading rates from the largest PostgreSQL run and times the whole 100k seed', () => {
    const small = run('postgres', 10_000, [])
    const large = run('postgres', 100_000, [], {
      // 100k patient rows in 3 s; 400k follow-ups in 4.4 s, so 1M in 11 s.
      seed: {
        seconds: 26,
        vacuumSeconds: 4.5,
        copyMs: { ...counts(0, 0), patients: 3000, followUps: 4400 },
        rollupMs: 0,
      },
    })
    const checks = byTarget([small, large])
    expect(checks['Seeding on PostgreSQL: 100k patient rows ≤ 3 s']).toMatchObject({
      measured: '3.00 s (at the rate of the 100k run)',
      met: true,
    })
    expect(checks['Seeding on PostgreSQL: 1M follow-up rows ≤ 10 s']).toMatchObject({
      measured: '11.00 s (at the rate of the 100k run)',
      met: false,
    })
    expect(
      checks['Seeding on PostgreSQL: the whole 100k dataset (with VACUUM ANALYZE) ≤ 30 s'],
    ).toMatchObject({ measured: '30.5 s', met: false })
  })

  it('leaves out what no run measured', () => {
    expect(checkTargets([])).toEqual([])
    expect(checkTargets([run('pglite', 10_000, [candidate('a', 5, 'first page')])])).toEqual([])
  })
})
