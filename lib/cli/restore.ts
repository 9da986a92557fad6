// npm run db:restore -- --in FILE [--force]
// Restores a backup of the same backend, all or nothing. Refuses a target that holds staff,
// patients or audit rows unless --force; PGlite: refuses a folder a running server holds.
import { restoreDatabase, BackupRefusedError } from '@/db/backup'
import { databaseConfigFromEnv, describeDatabase } from '@/db/config'
import { fail, parseCliArgs } from './args'
import { describeContents, seconds } from './backup-format'

const USAGE = 'npm run db:restore -- --in FILE [--force]'

async function main() {
  const args = parseCliArgs(
    { in: { type: 'string' }, force: { type: 'boolean', default: false } },
    USAGE,
  )
  if (!args.in) fail(`--in is required\nUsage: ${USAGE}`)
  const config = databaseConfigFromEnv()
  const started = performance.now()
  const result = await restoreDatabase(config, args.in, { force: args.force })
  console.log(
    `Restored ${args.in} into ${describeDatabase(config)}: ${describeContents(result.contents)} ` +
      `in ${seconds(started)}.`,
  )
  if (result.replaced) console.log(`It replaced ${describeContents(result.replaced)}.`)
  console.log(
    'Pending migrations, if the backup is older than this version, run at the next start.',
  )
}

main().catch((error: unknown) =>
  fail(
    error instanceof BackupRefusedError
      ? `Restore refused, nothing changed: ${error.message}`
      : `Restore failed: ${error instanceof Error ? error.message : String(error)}`,
  ),
)
