import { eq } from 'drizzle-orm'
import { expect, it } from 'vitest'
import { getDb } from '@/db/client'
import { insertStaff } from '@/db/testing/factories'
import { calendarDay, formatTime } from '@/lib/clinic-time'
import { patients, patientStatusEvents, procedures } from '../schema'
import { seedPatients } from './seed'

// A clinic far from UTC (and from the test machine): the synthetic one keeps its hours.
const ZONE = 'America/Denver'
process.env.AUGMENT_TIME_ZONE = ZONE

it("seeds procedures in the clinic's working hours and referrals on the clinic's days", async () => {
  const db = await getDb()
  const physician = await insertStaff(db, 'unused-hash', { role: 'physician' })
  const now = new Date()
  await seedPatients(db, { count: 300, seed: 17, physicianIds: [physician.id], today: now })
  const booked = await db
    .select({ scheduledAt: procedures.scheduledAt, status: procedures.status })
    .from(procedures)
  expect(booked.length).toBeGreaterThan(50)
  for (const { scheduledAt } of booked) {
    const time = formatTime(scheduledAt, ZONE)
    expect(time >= '08:00' && time < '18:00', time).toBe(true)
  }
  // Bookings still to come are from the clinic's today on.
  const today = calendarDay(now, ZONE)
  for (const { scheduledAt } of booked.filter((row) => row.status === 'scheduled')) {
    expect(calendarDay(scheduledAt, ZONE) >= today).toBe(true)
  }
  // A referral's first status event is on its referral date, on the clinic's calendar.
  const referrals = await db
    .select({ referralDate: patients.referralDate, at: patientStatusEvents.occurredAt })
    .from(patients)
    .innerJoin(patientStatusEvents, eq(patientStatusEvents.patientId, patients.id))
    .where(eq(patientStatusEvents.toStatus, 'referred'))
  expect(referrals.length).toBe(300)
  for (const { referralDate, at } of referrals) expect(calendarDay(at, ZONE)).toBe(referralDate)
})
