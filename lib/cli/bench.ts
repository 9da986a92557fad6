// npm run bench [-- --patients 100000 --runs 200 --backend pglite|postgres|both --only outcomes]
// Seeds a throwaway database per backend (PGlite in a temp folder; PostgreSQL in a new
// database through BENCH_DATABASE_URL, default the local server) and times the candidate
// list query, as the page runs it, for several filter/sort combinations, then the procedure list's
// views, the "Follow-ups due" worklist and the outcomes dashboard: p50/p95 over sequential runs
// after a warm-up.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { differenceInCalendarDays, parseISO } from 'date-fns'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { openDatabase, type DatabaseHandle } from '@/db/client'
import type { DatabaseConfig } from '@/db/config'
import { seedPatients, upsertDemoStaff } from '@/db/seed/seed'
import { todayIso } from '@/lib/dates'
import { queryFollowUpsDue } from '@/lib/follow-ups/due-query'
import { followUpSchedule } from '@/lib/follow-ups/rules'
import { outcomesDashboard, type OutcomeFilters } from '@/lib/outcomes/queries'
import { candidateListParams, type CandidateListParams } from '@/lib/patients/list-params'
import { queryCandidates } from '@/lib/patients/list-query'
import { procedureListParams, type ProcedureListParams } from '@/lib/procedures/list-params'
import { queryProcedures } from '@/lib/procedures/list-query'
import { fail, parseCliArgs } from './args'

const args = parseCliArgs(
  {
    patients: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '200' },
    backend: { type: 'string', default: 'both' },
    only: { type: 'string' },
  },
  'npm run bench -- [--patients N] [--runs N] [--backend pglite|postgres|both] [--only candidates|procedures|follow-ups|outcomes]',
)
const PATIENTS = Number(args.patients)
const RUNS = Number(args.runs)
const WARMUP = Math.max(10, Math.round(RUNS / 10))
// Timing one group of cases skips the others' minutes of runs; the seed is the same either way.
const GROUPS = ['candidates', 'procedures', 'follow-ups', 'outcomes'] as const
const only = args.only as (typeof GROUPS)[number] | undefined
const selected = (group: (typeof GROUPS)[number]) => only === undefined || only === group
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
  await fillProceduresIfSeedHasNone(handle)
  await handle.db.execute(sql`analyze`)
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(
    `\n  seeded ${seeded.patients.toLocaleString('en-US')} patients (+ related rows) in ${seconds} s`,
  )
  return handle
}

/**
 * Until the seed writes procedures and follow-ups, derive them in SQL from the seeded patients
 * (one per scheduled, treated or later patient, a few cancelled; the follow-up schedule for each
 * completed one), so the procedure and follow-up cases measure something either way.
 */
async function fillProceduresIfSeedHasNone(handle: DatabaseHandle) {
  const existing = (await handle.db.execute(
    sql`select count(*)::int as n from procedures`,
  )) as unknown as {
    rows: { n: number }[]
  }
  if ((existing.rows[0]?.n ?? 0) > 0) return
  const started = performance.now()
  await handle.db.execute(sql`
    insert into procedures (patient_id, type, status, scheduled_at, performed_at, physician_id,
      anesthesia, approach, planned_levels, disposition, overnight_reason, discharged_at,
      cancel_reason)
    select p.id, coalesce(p.planned_procedure, 'vertebroplasty'), s.status::procedure_status,
      s.at, case when s.status = 'completed' then s.at end, p.assigned_physician_id,
      (case when p.h % 10 < 7 then 'local_sedation' else 'general' end)::anesthesia_type,
      (case when p.h % 2 = 0 then 'bipedicular' else 'unipedicular' end)::approach,
      coalesce(string_to_array(nullif(p.fracture_levels, ''), ', ')::vertebral_level[],
        array['L1']::vertebral_level[]),
      case when s.status = 'completed'
        then (case when p.h % 100 < 61 then 'same_day' else 'overnight' end)::disposition end,
      case when s.status = 'completed' and p.h % 100 >= 61 then 'pain_control'::overnight_reason end,
      case when s.status = 'completed' then s.at + interval '6 hours' end,
      case when s.status = 'cancelled' then 'Patient asked to reschedule' end
    from (select *, abs(hashtext(id::text)) as h from patients) p
    cross join lateral (
      select
        case
          when p.status = 'scheduled' then 'scheduled'
          when p.status in ('treated', 'follow_up', 'closed', 'lost_to_follow_up') then 'completed'
          when p.status = 'candidate' and p.h % 4 = 0 then 'cancelled'
        end as status,
        case
          when p.status = 'scheduled'
            then date_trunc('hour', now()) + (p.h % 500) * interval '1 hour'
          else least(p.referral_date + 40, current_date - 1)::timestamptz
            + (8 + p.h % 9) * interval '1 hour'
        end as at
    ) s
    where s.status is not null`)
  const reference = '2000-01-01'
  const days = (date: string) => differenceInCalendarDays(parseISO(date), parseISO(reference))
  const schedule = sql.join(
    followUpSchedule(reference).map(
      (f) =>
        sql`(${f.timepoint}, ${days(f.dueOn)}::int, ${days(f.windowStart)}::int, ${days(f.windowEnd)}::int)`,
    ),
    sql`, `,
  )
  // Four in five assessments whose due date has passed are recorded; the rest stay open.
  await handle.db.execute(sql`
    insert into follow_ups (patient_id, procedure_id, timepoint, due_on, window_start, window_end,
      assessed_on, pain_nrs)
    select pr.patient_id, pr.id, t.timepoint::follow_up_timepoint, d.performed + t.due_day,
      d.performed + t.from_day, d.performed + t.to_day, a.assessed_on,
      case when a.assessed_on is not null then abs(hashtext(pr.id::text || t.timepoint)) % 11 end
    from procedures pr
    cross join (values ${schedule}) as t(timepoint, due_day, from_day, to_day)
    cross join lateral (select pr.performed_at::date as performed) d
    cross join lateral (
      select case
        when d.performed + t.due_day < current_date
          and abs(hashtext(pr.id::text || t.timepoint)) % 5 <> 0
        then d.performed + t.due_day
      end as assessed_on
    ) a
    where pr.status = 'completed'`)
  const counts = (await handle.db.execute(
    sql`select (select count(*) from procedures)::int as procedures, (select count(*) from follow_ups)::int as follow_ups`,
  )) as unknown as { rows: { procedures: number; follow_ups: number }[] }
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(
    `\n  the seed wrote no procedures: derived ${counts.rows[0]!.procedures.toLocaleString('en-US')} procedures and ${counts.rows[0]!.follow_ups.toLocaleString('en-US')} follow-ups in SQL in ${seconds} s`,
  )
}

async function time(
  name: string,
  run: () => Promise<{ rows: unknown[]; total: number }>,
): Promise<void> {
  let last = { rows: [] as unknown[], total: 0 }
  for (let i = 0; i < WARMUP; i++) last = await run()
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now()
    last = await run()
    times.push(performance.now() - started)
  }
  times.sort((a, b) => a - b)
  console.log(
    `  ${name.padEnd(48)} ${percentile(times, 50).toFixed(2).padStart(8)} ${percentile(times, 95).toFixed(2).padStart(8)} ${String(last.rows.length).padStart(6)} ${last.total.toLocaleString('en-US').padStart(8)}`,
  )
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
    `  ${'case'.padEnd(48)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'rows'.padStart(6)} ${'total'.padStart(8)}`,
  )
  for (const { name, params: overrides } of selected('candidates') ? CASES : []) {
    const params = candidateListParams.parse({
      ...overrides,
      ...(name.startsWith('physician') ? { physician: physicianId.rows[0]?.id } : {}),
    })
    await time(name, () => queryCandidates(handle.db, params))
  }
  for (const { name, params: overrides } of selected('procedures') ? PROCEDURE_CASES : []) {
    const params = procedureListParams.parse({
      ...overrides,
      ...(name.startsWith('physician') ? { physician: physicianId.rows[0]?.id } : {}),
    })
    await time(name, () => queryProcedures(handle.db, params))
  }
  const today = todayIso()
  if (selected('follow-ups'))
    await time('follow-ups due (25 rows)', () => queryFollowUpsDue(handle.db, { today, limit: 25 }))
  for (const { name, filters } of selected('outcomes') ? OUTCOME_CASES : []) {
    // rows: months in the volume chart; total: completed procedures the charts cover.
    await time(name, async () => {
      const dashboard = await outcomesDashboard(handle.db, filters)
      return { rows: dashboard.volume.months, total: dashboard.volume.n }
    })
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
  if (only !== undefined && !GROUPS.includes(only)) fail(`--only is one of ${GROUPS.join(', ')}`)
  if (args.backend === 'pglite' || args.backend === 'both') await benchPglite()
  if (args.backend === 'postgres' || args.backend === 'both') await benchPostgres()
}

main().catch((error: unknown) =>
  fail(`Benchmark failed: ${error instanceof Error ? error.stack : String(error)}`),
)
