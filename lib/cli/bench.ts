// npm run bench [-- --patients 100000 --runs 200 --backend pglite|postgres|both]
// Seeds a throwaway database per backend (PGlite in a temp folder; PostgreSQL in a new
// database through BENCH_DATABASE_URL, default the local server) and times the candidate
// list query, as the page runs it, for several filter/sort combinations: p50/p95 over
// sequential runs after a warm-up.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { openDatabase, type DatabaseHandle } from '@/db/client'
import type { DatabaseConfig } from '@/db/config'
import { seedPatients, upsertDemoStaff } from '@/db/seed/seed'
import { candidateListParams, type CandidateListParams } from '@/lib/patients/list-params'
import { queryCandidates } from '@/lib/patients/list-query'
import { fail, parseCliArgs } from './args'

const args = parseCliArgs(
  {
    patients: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '200' },
    backend: { type: 'string', default: 'both' },
  },
  'npm run bench -- [--patients N] [--runs N] [--backend pglite|postgres|both]',
)
const PATIENTS = Number(args.patients)
const RUNS = Number(args.runs)
const WARMUP = Math.max(10, Math.round(RUNS / 10))
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

const CASES: { name: string; params: Partial<CandidateListParams> }[] = [
  { name: 'default: newest referrals, page 1', params: {} },
  {
    name: 'status=evaluation, sort name asc',
    params: { status: 'evaluation', sort: 'name', dir: 'asc' },
  },
  {
    name: 'etiology+procedure, sort age desc',
    params: { etiology: 'osteoporotic', procedure: 'kyphoplasty', sort: 'age', dir: 'desc' },
  },
  { name: 'physician, sort status, page 20', params: { sort: 'status', dir: 'asc', page: 20 } },
  { name: 'search name prefix "wal", sort name', params: { q: 'wal', sort: 'name', dir: 'asc' } },
  { name: 'search MRN prefix "M00012"', params: { q: 'M00012' } },
  { name: 'sort physician desc, page 1', params: { sort: 'physician', dir: 'desc' } },
]

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
}

async function prepare(config: DatabaseConfig): Promise<DatabaseHandle> {
  const handle = await openDatabase(config)
  const started = performance.now()
  const staff = await upsertDemoStaff(handle.db, async () => 'bench-not-a-real-hash')
  const physicianIds = staff.filter((s) => s.role === 'physician').map((s) => s.id)
  let lastReport = 0
  const seeded = await seedPatients(handle.db, {
    count: PATIENTS,
    seed: 2026,
    physicianIds,
    onProgress(done, total) {
      if (done === total || performance.now() - lastReport > 2_000) {
        lastReport = performance.now()
        process.stdout.write(
          `\r  seeding ${done.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`,
        )
      }
    },
  })
  await handle.db.execute(sql`analyze`)
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(
    `\n  seeded ${seeded.patients.toLocaleString('en-US')} patients (+ related rows) in ${seconds} s`,
  )
  return handle
}

async function measure(label: string, handle: DatabaseHandle) {
  const physicianId = (await handle.db.execute(
    sql`select id from staff where role = 'physician' order by email limit 1`,
  )) as unknown as {
    rows: { id: string }[]
  }
  console.log(
    `\n${label}: ${RUNS} sequential runs per case after ${WARMUP} warm-up runs (25 rows a page + count)`,
  )
  console.log(
    `  ${'case'.padEnd(42)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'rows'.padStart(6)} ${'total'.padStart(8)}`,
  )
  for (const { name, params: overrides } of CASES) {
    const params = candidateListParams.parse({
      ...overrides,
      ...(name.startsWith('physician') ? { physician: physicianId.rows[0]?.id } : {}),
    })
    let last = { rows: [] as unknown[], total: 0 }
    for (let i = 0; i < WARMUP; i++) last = await queryCandidates(handle.db, params)
    const times: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now()
      last = await queryCandidates(handle.db, params)
      times.push(performance.now() - started)
    }
    times.sort((a, b) => a - b)
    console.log(
      `  ${name.padEnd(42)} ${percentile(times, 50).toFixed(2).padStart(8)} ${percentile(times, 95).toFixed(2).padStart(8)} ${String(last.rows.length).padStart(6)} ${last.total.toLocaleString('en-US').padStart(8)}`,
    )
  }
}

async function benchPglite() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'augment-bench-'))
  console.log(`\nPGlite (${dir})`)
  const handle = await prepare({ backend: 'pglite', dir: path.join(dir, 'pglite') })
  try {
    await measure('PGlite', handle)
  } finally {
    await handle.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

async function benchPostgres() {
  const name = `augment_bench_${process.pid}`
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  await admin.query(`create database ${name}`)
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  console.log(`\nPostgreSQL (${url.host}/${name})`)
  try {
    const handle = await prepare({ backend: 'postgres', url: url.toString() })
    try {
      await measure('PostgreSQL', handle)
    } finally {
      await handle.close()
    }
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  }
}

async function main() {
  if (!Number.isInteger(PATIENTS) || PATIENTS < 1 || !Number.isInteger(RUNS) || RUNS < 1)
    fail('--patients and --runs are positive integers')
  if (args.backend === 'pglite' || args.backend === 'both') await benchPglite()
  if (args.backend === 'postgres' || args.backend === 'both') await benchPostgres()
}

main().catch((error: unknown) =>
  fail(`Benchmark failed: ${error instanceof Error ? error.stack : String(error)}`),
)
