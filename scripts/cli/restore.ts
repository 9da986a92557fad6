// npm run db:restore -- --in FILE [--force]
// Restores a backup of the same backend, all or nothing. Refuses a target that holds staff,
// patients or audit rows unless --force; PGlite: refuses a folder a running server holds.
// An encrypted backup needs its key: AUGMENT_BACKUP_KEY, or typed at the prompt.
import { restoreDatabase, BackupRefusedError } from '@/db/backup'
import { BackupKeyError, parseBackupKey } from '@/db/backup/crypto'
import { openDatabase } from '@/db/client'
import { databaseConfigFromEnv, describeDatabase } from '@/db/config'
import { restrictNewFilesToOwner } from '@/db/private-files'
import { auditRestore } from '@/lib/audit-log/restored'
import { fail, parseCliArgs } from './args'
import { describeContents, seconds } from './backup-format'
import { promptHidden } from './prompt'

const USAGE = 'npm run db:restore -- --in FILE [--force]'

async function backupKey(): Promise<Buffer | null> {
  const configured = parseBackupKey(process.env.AUGMENT_BACKUP_KEY)
  if (configured) return configured
  const typed = await promptHidden('This backup is encrypted. Backup key (base64): ')
  return typed === null ? null : parseBackupKey(typed)
}

async function main() {
  restrictNewFilesToOwner()
  const args = parseCliArgs(
    { in: { type: 'string' }, force: { type: 'boolean', default: false } },
    USAGE,
  )
  if (!args.in) fail(`--in is required\nUsage: ${USAGE}`)
  const config = databaseConfigFromEnv()
  const started = performance.now()
  const result = await restoreDatabase(config, args.in, { force: args.force, key: backupKey })
  console.log(
    `Restored ${args.in} into ${describeDatabase(config)}: ${describeContents(result.contents)} ` +
      `in ${seconds(started)}.`,
  )
  if (result.replaced) console.log(`It replaced ${describeContents(result.replaced)}.`)
  // Opening applies pending migrations (a backup from before the hash chain is chained then),
  // so the restore's own audit row continues the restored chain.
  const handle = await openDatabase(config)
  try {
    await auditRestore(handle.db, args.in, result)
  } catch (error) {
    fail(
      `Restored, but the audit row recording the restore could not be written: ${error instanceof Error ? error.message : String(error)}`,
    )
  } finally {
    await handle.close()
  }
  console.log('Recorded the restore in the audit log.')
}

main().catch((error: unknown) =>
  fail(
    error instanceof BackupRefusedError || error instanceof BackupKeyError
      ? `Restore refused, nothing changed: ${error.message}`
      : `Restore failed: ${error instanceof Error ? error.message : String(error)}`,
  ),
)
