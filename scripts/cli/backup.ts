// npm run db:backup -- --out FILE [--unencrypted]
// PostgreSQL (DATABASE_URL set): pg_dump's custom format. PGlite: the data folder's own dump,
// taken with the folder's lock, so a running server's folder is refused (stop it first).
// Encrypted with AES-256-GCM under AUGMENT_BACKUP_KEY; without a key, only --unencrypted
// writes a backup (a plaintext copy of every patient record).
import { backupDatabase, BackupRefusedError } from '@/db/backup'
import { BackupKeyError, parseBackupKey } from '@/db/backup/crypto'
import { databaseConfigFromEnv, describeDatabase } from '@/db/config'
import { restrictNewFilesToOwner } from '@/db/private-files'
import { fail, parseCliArgs } from './args'
import { describeContents, megabytes, seconds } from './backup-format'

const USAGE = 'npm run db:backup -- --out FILE [--unencrypted]'

async function main() {
  restrictNewFilesToOwner()
  const args = parseCliArgs(
    { out: { type: 'string' }, unencrypted: { type: 'boolean', default: false } },
    USAGE,
  )
  if (!args.out) fail(`--out is required\nUsage: ${USAGE}`)
  const key = parseBackupKey(process.env.AUGMENT_BACKUP_KEY)
  if (!key && !args.unencrypted) {
    fail(
      'Backup refused: AUGMENT_BACKUP_KEY is not set, and a backup holds every patient record. ' +
        'Set it (`openssl rand -base64 32`, kept apart from the backups), or pass --unencrypted ' +
        'to write a plaintext backup on purpose.',
    )
  }
  const config = databaseConfigFromEnv()
  const started = performance.now()
  const result = await backupDatabase(config, args.out, { key: args.unencrypted ? null : key })
  console.log(
    `Backed up ${describeDatabase(config)} to ${args.out}` +
      `${args.unencrypted ? ' (unencrypted)' : ' (encrypted)'}: ${describeContents(result.contents)}, ` +
      `${megabytes(result.bytes)} in ${seconds(started)}.`,
  )
}

main().catch((error: unknown) =>
  fail(
    error instanceof BackupRefusedError || error instanceof BackupKeyError
      ? `Backup refused: ${error.message}`
      : `Backup failed, no file written: ${error instanceof Error ? error.message : String(error)}`,
  ),
)
