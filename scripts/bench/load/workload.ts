// What phase B works on: a seeded database, records to open and open follow-ups to save, and
// afterwards the saves that landed.
import { sql } from 'drizzle-orm'
import type { DatabaseHandle } from '@/db/client'
import { seedPatients } from '@/db/seed/seed'
import { todayIso } from '@/lib/dates'
import { progressReporter } from '../../cli/progress'
import type { StaffLogin } from '../harness/lifecycle'

// Open follow-ups set aside for saving, and records to open (a random sample of each).
const SAVE_POOL_SIZE = 20_000
const RECORD_POOL_SIZE = 5_000

export interface DueFollowUp {
  id: string
  version: number
  patientId: string
}

export interface Workload {
  patientIds: string[]
  /** Taken from the end; a saved one goes back in front with its new version (see runPhase). */
  dueFollowUps: DueFollowUp[]
  /** Server action ids from the build's manifest: what the forms post in `Next-Action`. */
  actions: { signIn: string; recordFollowUp: string }
}

export async function seed(handle: DatabaseHandle, staff: StaffLogin[], count: number) {
  const started = performance.now()
  const seeded = await seedPatients(handle.db, {
    count,
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
export async function pickWorkload(handle: DatabaseHandle): Promise<Omit<Workload, 'actions'>> {
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
export async function countSavesByStaffLogin(handle: DatabaseHandle, staff: StaffLogin[]) {
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
