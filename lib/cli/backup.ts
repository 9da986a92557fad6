// npm run db:backup -- --out FILE
// PostgreSQL (DATABASE_URL set): pg_dump's custom format. PGlite: the data folder's own dump,
// taken with the folder's lock, so a running server's folder is refused (stop it first).
import { backupDatabase, BackupRefusedError } from '@/db/backup'
import { databaseConfigFromEnv, describeDatabase } from '@/db/config'
import { fail, parseCliArgs } from './args'
import { describeContents, megabytes, seconds } from './backup-format'

const USAGE = 'npm run db:backup -- --out FILE'

async function main() {
  const args = parseCliArgs({ out: { type: 'string' } }, USAGE)
  if (!args.out) fail(`--out is required\nUsage: ${USAGE}`)
  const config = databaseConfigFromEnv()
  const started = performance.now()
  const result = await backupDatabase(config, args.out)
  console.log(
    `Backed up ${describeDatabase(config)} to ${args.out}: ${describeContents(result.contents)}, ` +
      `${megabytes(result.bytes)} in ${seconds(started)}.`,
  )
}

main().catch((error: unknown) =>
  fail(
    error instanceof BackupRefusedError
      ? `Backup refused: ${error.message}`
      : `Backup failed, no file written: ${error instanceof Error ? error.message : String(error)}`,
  ),
)
