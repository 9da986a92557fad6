import { inspect } from 'node:util'
import { sql } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { getDb } from '@/db/client'
import { patients } from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { isDatabaseUnavailable } from '@/lib/errors'
import { violatedUniqueConstraint } from '@/lib/db-errors'
import { databaseErrorDetail, DatabaseQueryError } from './query-errors'

// Values that must never reach a log: a failed query's error is printed whole by Next and by
// our own console.error calls.
const CANARY_MRN = 'CANARY7731'
const CANARY_NAME = 'Canaryname Zqxw'

async function caught(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work()
  } catch (error) {
    return error
  }
  throw new Error('expected the query to fail')
}

function everythingPrintable(error: unknown): string {
  return [
    inspect(error, { depth: 10 }),
    String(error),
    (error as Error).stack ?? '',
    JSON.stringify(error),
  ].join('\n')
}

async function patientRow(physicianId: string, overrides: Partial<typeof patients.$inferInsert>) {
  return {
    mrn: CANARY_MRN,
    firstName: 'Ann',
    lastName: CANARY_NAME,
    dateOfBirth: '1941-07-13',
    sex: 'female' as const,
    referralDate: '2026-01-05',
    referringPhysician: 'Dr Ref',
    etiology: 'osteoporotic' as const,
    assignedPhysicianId: physicianId,
    ...overrides,
  }
}

it('a NUL byte in a name fails without the parameters in the error', async () => {
  const db = await getDb()
  const physician = await insertStaff(db, 'unused-hash', { role: 'physician' })
  const error = await caught(async () =>
    db
      .insert(patients)
      .values(await patientRow(physician.id, { firstName: `Nul\u0000${CANARY_NAME}` })),
  )
  expect(error).toBeInstanceOf(DatabaseQueryError)
  const printable = everythingPrintable(error)
  expect(printable).not.toContain(CANARY_MRN)
  expect(printable).not.toContain(CANARY_NAME)
  expect(printable).not.toContain('1941-07-13')
  // The SQL text and the SQLSTATE stay for diagnosis.
  expect(printable).toContain('insert into "patients"')
  expect((error as DatabaseQueryError).code).toMatch(/^22/)
  expect(isDatabaseUnavailable(error)).toBe(false)
})

it('a duplicate MRN keeps the constraint name for the code, not the value for the log', async () => {
  const db = await getDb()
  const physician = await insertStaff(db, 'unused-hash', { role: 'physician' })
  await db.insert(patients).values(await patientRow(physician.id, { mrn: 'DUPE0001' }))
  const error = await caught(async () =>
    db.insert(patients).values(await patientRow(physician.id, { mrn: 'DUPE0001' })),
  )
  expect(violatedUniqueConstraint(error)).toMatch(/mrn/)
  expect(everythingPrintable(error)).not.toContain('DUPE0001')
  expect(everythingPrintable(error)).not.toContain(CANARY_NAME)
  // Code that must know which row clashed can still ask.
  expect(databaseErrorDetail(error)).toContain('DUPE0001')
})

it('a value quoted by the server in its message does not reach the error either', async () => {
  const db = await getDb()
  const error = await caught(() => db.execute(sql`select ${'1941-99-' + CANARY_MRN}::date`))
  const printable = everythingPrintable(error)
  expect(printable).not.toContain(CANARY_MRN)
  expect((error as DatabaseQueryError).code).toBe('22007')
})

it('a transaction that fails inside still rejects with a redacted error', async () => {
  const db = await getDb()
  const error = await caught(() =>
    db.transaction(async (tx) => {
      await tx.execute(sql`select ${CANARY_NAME}::int`)
    }),
  )
  expect(everythingPrintable(error)).not.toContain(CANARY_NAME)
})
