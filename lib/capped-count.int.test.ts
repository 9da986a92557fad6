import { eq } from 'drizzle-orm'
import { beforeAll, expect, it } from 'vitest'
import { getDb } from '@/db/client'
import { patients } from '@/db/schema'
import { seedPatients } from '@/db/seed/seed'
import { insertStaff } from '@/db/testing/factories'
import { cappedCount } from './capped-count'

beforeAll(async () => {
  const db = await getDb()
  const physician = await insertStaff(db, 'unused-hash', { role: 'physician' })
  await seedPatients(db, { count: 40, seed: 5, physicianIds: [physician.id] })
})

it('counts exactly up to the cap, and says "more" past it', async () => {
  const db = await getDb()
  expect(await cappedCount(db, patients, undefined, 100)).toEqual({ total: 40, capped: false })
  expect(await cappedCount(db, patients, undefined, 40)).toEqual({ total: 40, capped: false })
  expect(await cappedCount(db, patients, undefined, 39)).toEqual({ total: 39, capped: true })
  expect(await cappedCount(db, patients, undefined, 10)).toEqual({ total: 10, capped: true })
  expect(await cappedCount(db, patients, eq(patients.mrn, 'nobody'), 10)).toEqual({
    total: 0,
    capped: false,
  })
})
