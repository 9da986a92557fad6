import { eq, sql, type Table } from 'drizzle-orm'
import type { Database } from '../client'
import {
  adverseEvents,
  followUps,
  fractures,
  imagingOrders,
  patients,
  patientStatusEvents,
  procedures,
  staff,
  treatedLevels,
  type StaffRole,
} from '../schema'
import { catchUpOutcomeRollup, OUTCOME_ROLLUP_DEFER_SETTING } from '../outcome-rollup'
import { clinicTimeZone } from '../time-zone'
import { clinicClock, onClinicClock, wallClockNow } from './clinic-clock'
import { inCopyTransaction } from './copy'
import { generatePatients } from './generate'

export interface SeedPatientsOptions {
  count: number
  seed: number
  physicianIds: string[]
  today?: Date
  /** Index of the first patient, to add to an earlier seeding without clashing MRNs or ids. */
  startIndex?: number
  /** Patients per transaction (all their rows go in the same one). */
  batchSize?: number
  onProgress?: (done: number, total: number) => void
}

/** Rows written per table. */
export interface SeedRowCounts {
  patients: number
  events: number
  fractures: number
  imagingOrders: number
  procedures: number
  treatedLevels: number
  adverseEvents: number
  followUps: number
}

export interface SeedPatientsResult extends SeedRowCounts {
  /** Milliseconds spent loading each table (serialising and COPY), for the benchmark. */
  copyMs: SeedRowCounts
  /** Milliseconds the outcome rollup's one catch-up took after the load. */
  rollupMs: number
}

const noRows = (): SeedRowCounts => ({
  patients: 0,
  events: 0,
  fractures: 0,
  imagingOrders: 0,
  procedures: 0,
  treatedLevels: 0,
  adverseEvents: 0,
  followUps: 0,
})

/**
 * Inserts `count` synthetic patients with their status histories, fractures, imaging orders,
 * procedures (with treated levels and adverse events) and follow-ups; returns the rows written.
 */
export async function seedPatients(
  db: Database,
  options: SeedPatientsOptions,
): Promise<SeedPatientsResult> {
  const {
    count,
    seed,
    physicianIds,
    today = new Date(),
    startIndex = 0,
    batchSize = 2000,
    onProgress,
  } = options
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`)
  }
  const written = noRows()
  const copyMs = noRows()
  // Generated on the clinic's wall clock, loaded as instants in its zone.
  const zone = clinicTimeZone()
  const toInstant = clinicClock(zone)
  for (const batch of chunked(
    generatePatients({ count, seed, physicianIds, today: wallClockNow(today, zone), startIndex }),
    batchSize,
  )) {
    // Parents before children: patients, then fractures and procedures, then what cites them.
    // Fractures, imaging orders, procedures and their children carry their patientId already.
    const loads: [keyof SeedRowCounts, Table, object[]][] = [
      ['patients', patients, batch.map(({ patient }) => patient)],
      [
        'events',
        patientStatusEvents,
        batch.flatMap(({ patient, events }) =>
          events.map((event) => ({ ...event, patientId: patient.id })),
        ),
      ],
      ['fractures', fractures, batch.flatMap((generated) => generated.fractures)],
      ['imagingOrders', imagingOrders, batch.flatMap((generated) => generated.imagingOrders)],
      ['procedures', procedures, batch.flatMap((generated) => generated.procedures)],
      ['treatedLevels', treatedLevels, batch.flatMap((generated) => generated.treatedLevels)],
      ['adverseEvents', adverseEvents, batch.flatMap((generated) => generated.adverseEvents)],
      ['followUps', followUps, batch.flatMap((generated) => generated.followUps)],
    ]
    await inCopyTransaction(
      db,
      async (tx) => {
        for (const [key, table, rows] of loads) {
          const started = performance.now()
          await tx.copy(
            table,
            rows.map((row) => onClinicClock(row, toInstant)),
          )
          copyMs[key] += performance.now() - started
        }
      },
      // The outcome rollup takes the whole load in once, below, not batch by batch.
      { [OUTCOME_ROLLUP_DEFER_SETTING]: 'on' },
    )
    for (const [key, , rows] of loads) written[key] += rows.length
    onProgress?.(written.patients, count)
  }
  const rollupStarted = performance.now()
  await catchUpOutcomeRollup(db)
  return { ...written, copyMs, rollupMs: performance.now() - rollupStarted }
}

export interface DemoStaffAccount {
  email: string
  name: string
  role: StaffRole
}

export const demoStaffAccounts: readonly DemoStaffAccount[] = [
  { email: 'admin@example.org', name: 'Chris Lindqvist', role: 'admin' },
  { email: 'coordinator@example.org', name: 'Jordan Ellis', role: 'coordinator' },
  { email: 'coordinator2@example.org', name: 'Sam Whitaker', role: 'coordinator' },
  { email: 'physician@example.org', name: 'Dr. Maya Okafor', role: 'physician' },
  { email: 'physician2@example.org', name: 'Dr. Daniel Brennan', role: 'physician' },
  { email: 'physician3@example.org', name: 'Dr. Priya Raman', role: 'physician' },
]

/**
 * Creates the demo accounts, or resets existing ones to a usable state with a fresh password.
 * Bumping sessionVersion ends every session issued with a previous run's password.
 */
export async function upsertDemoStaff(
  db: Database,
  passwordFor: (email: string) => Promise<string>,
): Promise<(DemoStaffAccount & { id: string })[]> {
  const rows = []
  // One at a time: each argon2 hash holds ~19 MiB while it runs.
  for (const account of demoStaffAccounts) {
    rows.push({ ...account, passwordHash: await passwordFor(account.email), isDemo: true })
  }
  return db
    .insert(staff)
    .values(rows)
    .onConflictDoUpdate({
      target: staff.email,
      set: {
        passwordHash: sql.raw(`excluded.${staff.passwordHash.name}`),
        failedLoginCount: 0,
        lockedUntil: null,
        active: true,
        mustChangePassword: false,
        sessionVersion: sql`${staff.sessionVersion} + 1`,
        updatedAt: sql`now()`,
      },
      // A real account that happens to use a demo address is never overwritten.
      setWhere: eq(staff.isDemo, true),
    })
    .returning({ id: staff.id, email: staff.email, name: staff.name, role: staff.role })
}

function* chunked<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let chunk: T[] = []
  for (const item of items) {
    chunk.push(item)
    if (chunk.length === size) {
      yield chunk
      chunk = []
    }
  }
  if (chunk.length > 0) yield chunk
}
