import crypto from 'node:crypto'
import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { getDb } from '@/db/client'
import { insertStaff } from '@/db/testing/factories'
import { patients, procedures } from '../schema'
import { inCopyTransaction } from './copy'

// COPY must load exactly what the INSERTs did: text with quotes, commas, newlines and unicode,
// an empty string kept apart from NULL, dates, timestamps, enums and enum arrays.
it('loads rows through COPY exactly as they were given, on this backend', async () => {
  const db = await getDb()
  const physician = await insertStaff(db, 'unused-hash', { role: 'physician' })
  const patient = {
    id: crypto.randomUUID(),
    mrn: 'COPY0001',
    firstName: 'Zoë "Jo", Jr.',
    lastName: "O'Brien\nsecond line",
    dateOfBirth: '1941-02-03',
    sex: 'female' as const,
    phone: '',
    referralDate: '2026-10-01',
    referringPhysician: 'Dr. {braces} \\ backslash',
    assignedPhysicianId: physician.id,
    etiology: 'osteoporotic' as const,
    painOnsetDate: null,
  }
  const procedure = {
    id: crypto.randomUUID(),
    patientId: patient.id,
    type: 'kyphoplasty' as const,
    status: 'scheduled' as const,
    scheduledAt: new Date('2026-12-01T09:30:00.000Z'),
    physicianId: physician.id,
    anesthesia: 'local_sedation' as const,
    approach: 'bipedicular' as const,
    plannedLevels: ['T12' as const, 'L1' as const],
  }
  await inCopyTransaction(db, async (tx) => {
    await tx.copy(patients, [patient])
    await tx.copy(procedures, [procedure])
  })
  const [row] = await db.select().from(patients).where(eq(patients.id, patient.id))
  expect(row).toMatchObject(patient)
  expect(row!.phone).toBe('')
  expect(row!.painOnsetDate).toBeNull()
  // Columns left out got their defaults, as an INSERT gives them.
  expect(row!.status).toBe('referred')
  expect(row!.createdAt).toBeInstanceOf(Date)
  const [saved] = await db.select().from(procedures).where(eq(procedures.id, procedure.id))
  expect(saved).toMatchObject(procedure)
})

it('loads nothing when the transaction fails', async () => {
  const db = await getDb()
  const physician = await insertStaff(db, 'unused-hash', { role: 'physician' })
  const row = (mrn: string) => ({
    id: crypto.randomUUID(),
    mrn,
    firstName: 'A',
    lastName: 'B',
    dateOfBirth: '1950-01-01',
    sex: 'male' as const,
    referralDate: '2026-10-01',
    referringPhysician: 'Dr. C',
    assignedPhysicianId: physician.id,
    etiology: 'osteoporotic' as const,
  })
  await expect(
    inCopyTransaction(db, async (tx) => {
      await tx.copy(patients, [row('COPY0002')])
      // The same MRN again: the unique index refuses the second batch.
      await tx.copy(patients, [row('COPY0002')])
    }),
  ).rejects.toThrow()
  expect(await db.select().from(patients).where(eq(patients.mrn, 'COPY0002'))).toEqual([])
})
