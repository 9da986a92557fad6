import 'server-only'
import { count } from 'drizzle-orm'
import type { DatabaseHandle } from '@/db/client'
import { patients } from '@/db/schema'
import { seedPatients, upsertDemoStaff } from '@/db/seed/seed'
import { generatePassword, hashPassword } from '@/lib/auth/password'
import { appEnv, twoFactorRequirement } from '@/lib/env'

export const DEMO_PATIENT_COUNT = 1_000
export const DEMO_SEED = 42

/**
 * Demo mode start-up: seed an empty database, give every demo account a fresh password and
 * print the sign-ins. Each password is shown once; the next start issues new ones (and ends
 * the old sessions).
 */
export async function prepareDemo(handle: DatabaseHandle): Promise<void> {
  if (handle.config.backend === 'postgres') {
    console.warn(
      '[augment] demo mode: demo staff are never written to a DATABASE_URL database; skipping.',
    )
    return
  }
  const { db } = handle
  const fixedPassword = appEnv().AUGMENT_DEMO_PASSWORD
  const passwords = new Map<string, string>()
  const accounts = await upsertDemoStaff(db, (email) => {
    const password = fixedPassword ?? generatePassword()
    passwords.set(email, password)
    return hashPassword(password)
  })

  const [existing] = await db.select({ n: count() }).from(patients)
  if (!existing?.n) {
    const started = performance.now()
    const physicianIds = accounts.filter((a) => a.role === 'physician').map((a) => a.id)
    const seeded = await seedPatients(db, {
      count: DEMO_PATIENT_COUNT,
      seed: DEMO_SEED,
      physicianIds,
    })
    console.log(
      `[augment] demo data: ${seeded.patients} synthetic patients in ${Math.round(performance.now() - started)} ms`,
    )
  }

  const url = `http://localhost:${appEnv().PORT}`
  const lines = accounts.map(
    (a) => `  ${a.role.padEnd(12)} ${a.email.padEnd(28)} ${passwords.get(a.email) ?? ''}`,
  )
  console.log(
    [
      '',
      `Augment demo: ${url}`,
      'Demo sign-ins (new passwords at every start; synthetic data only):',
      twoFactorRequirement() === 'off'
        ? 'Two-factor sign-in is not required in demo mode (AUGMENT_REQUIRE_2FA=off).'
        : `Two-factor sign-in is required (AUGMENT_REQUIRE_2FA=${twoFactorRequirement()}): each account sets it up at first sign-in.`,
      `  ${'role'.padEnd(12)} ${'email'.padEnd(28)} password`,
      ...lines,
      '',
    ].join('\n'),
  )
}
