import { eq, sql } from 'drizzle-orm'
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

export interface SeedPatientsResult {
  patients: number
  events: number
  fractures: number
  imagingOrders: number
  procedures: number
  treatedLevels: number
  adverseEvents: number
  followUps: number
}

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
  const written: SeedPatientsResult = {
    patients: 0,
    events: 0,
    fractures: 0,
    imagingOrders: 0,
    procedures: 0,
    treatedLevels: 0,
    adverseEvents: 0,
    followUps: 0,
  }
  for (const batch of chunked(
    generatePatients({ count, seed, physicianIds, today, startIndex }),
    batchSize,
  )) {
    const patientRows = batch.map(({ patient }) => patient)
    const eventRows = batch.flatMap(({ patient, events }) =>
      events.map((event) => ({ ...event, patientId: patient.id })),
    )
    // Generated with their patientId already set, so they go in as they are.
    const fractureRows = batch.flatMap((generated) => generated.fractures)
    const imagingOrderRows = batch.flatMap((generated) => generated.imagingOrders)
    const procedureRows = batch.flatMap((generated) => generated.procedures)
    const treatedLevelRows = batch.flatMap((generated) => generated.treatedLevels)
    const adverseEventRows = batch.flatMap((generated) => generated.adverseEvents)
    const followUpRows = batch.flatMap((generated) => generated.followUps)
    await inCopyTransaction(db, async (tx) => {
      // Parents before children: patients, then fractures and procedures, then what cites them.
      await tx.copy(patients, patientRows)
      await tx.copy(patientStatusEvents, eventRows)
      await tx.copy(fractures, fractureRows)
      await tx.copy(imagingOrders, imagingOrderRows)
      await tx.copy(procedures, procedureRows)
      await tx.copy(treatedLevels, treatedLevelRows)
      await tx.copy(adverseEvents, adverseEventRows)
      await tx.copy(followUps, followUpRows)
    })
    written.patients += patientRows.length
    written.events += eventRows.length
    written.fractures += fractureRows.length
    written.imagingOrders += imagingOrderRows.length
    written.procedures += procedureRows.length
    written.treatedLevels += treatedLevelRows.length
    written.adverseEvents += adverseEventRows.length
    written.followUps += followUpRows.length
    onProgress?.(written.patients, count)
  }
  return written
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
