// npm run db:seed -- --patients N --seed S [--append] [--no-demo-staff] [--allow-demo-staff]
// Synthetic, deterministic data only: no real PHI ever.
import { and, count, eq, sql } from 'drizzle-orm'
import { openDatabase } from '@/db/client'
import { databaseConfigFromEnv, describeDatabase } from '@/db/config'
import { patients, staff } from '@/db/schema'
import { seedPatients, upsertDemoStaff } from '@/db/seed/seed'
import { generatePassword, hashPassword } from '@/lib/auth/password'
import { fail, parseCliArgs } from './args'
import { progressReporter } from './progress'
import { restrictNewFilesToOwner } from '@/db/private-files'

const USAGE =
  'npm run db:seed -- --patients N [--seed S] [--append] [--no-demo-staff] [--allow-demo-staff]'

const args = parseCliArgs(
  {
    patients: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    append: { type: 'boolean', default: false },
    'no-demo-staff': { type: 'boolean', default: false },
    'allow-demo-staff': { type: 'boolean', default: false },
  },
  USAGE,
)

const patientCount = Number(args.patients)
const seed = Number(args.seed)
if (!Number.isInteger(patientCount) || patientCount < 0)
  fail(`--patients must be a whole number\n${USAGE}`)
if (!Number.isInteger(seed)) fail(`--seed must be an integer\n${USAGE}`)

const config = databaseConfigFromEnv()
const writeDemoStaff = !args['no-demo-staff']
if (writeDemoStaff && config.backend === 'postgres' && !args['allow-demo-staff']) {
  fail(
    'Refusing to write demo staff (with known passwords) to a DATABASE_URL database.\n' +
      'Pass --no-demo-staff to seed patients for existing physicians, or --allow-demo-staff if this is a throwaway database.',
  )
}

async function main() {
  // Data folders, backups and reports this command writes are its user's alone.
  restrictNewFilesToOwner()
  const handle = await openDatabase(config)
  try {
    const { db } = handle
    console.log(`Seeding ${describeDatabase(config)}`)
    if (writeDemoStaff) {
      const passwords = new Map<string, string>()
      const accounts = await upsertDemoStaff(db, (email) => {
        const password = generatePassword()
        passwords.set(email, password)
        return hashPassword(password)
      })
      console.log(
        'Demo staff (passwords shown once; accepted only when the app runs with AUGMENT_DEMO=1):',
      )
      for (const account of accounts) {
        console.log(
          `  ${account.role.padEnd(12)} ${account.email.padEnd(28)} ${passwords.get(account.email)}`,
        )
      }
    }

    const physicians = await db
      .select({ id: staff.id })
      .from(staff)
      .where(and(eq(staff.role, 'physician'), eq(staff.active, true)))
    if (physicians.length === 0 && patientCount > 0) {
      fail(
        'No active physician to assign patients to: create one with `npm run staff:create` first.',
      )
    }
    const [existing] = await db.select({ n: count() }).from(patients)
    const existingCount = existing?.n ?? 0
    if (existingCount > 0 && !args.append && patientCount > 0) {
      fail(`The database already holds ${existingCount} patients. Pass --append to add more.`)
    }

    const started = performance.now()
    const result = await seedPatients(db, {
      count: patientCount,
      seed,
      physicianIds: physicians.map((p) => p.id),
      startIndex: existingCount,
      onProgress: progressReporter('patients'),
    })
    // Fresh statistics (and the visibility map) for the planner after a bulk load.
    await db.execute(sql`vacuum analyze`)
    const seconds = ((performance.now() - started) / 1000).toFixed(1)
    console.log(
      `Seeded ${result.patients} patients, ${result.events} status events, ${result.fractures} fractures, ${result.imagingOrders} imaging orders, ${result.procedures} procedures, ${result.treatedLevels} treated levels, ${result.adverseEvents} adverse events and ${result.followUps} follow-ups in ${seconds} s`,
    )
  } finally {
    await handle.close()
  }
}

main().catch((error: unknown) =>
  fail(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`),
)
