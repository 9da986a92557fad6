import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { DatabaseConfig } from '../config'
import type { BackupResult, RestoreResult } from './contents'
import { BackupKeyError, decryptBackupFile, encryptBackupFile, isEncryptedBackup } from './crypto'
import { backendLabel, backupKindOf } from './format'
import { backupPglite, folderOf, restorePglite } from './pglite'
import { backupPostgres, restorePostgres } from './postgres'
import { BackupRefusedError } from './refused'

export type { BackupResult, DatabaseContents, RestoreResult } from './contents'
export type { BackupKind } from './format'
export { BackupRefusedError } from './refused'

// Backups of either backend (`npm run db:backup` / `db:restore`):
// - PostgreSQL: pg_dump's custom format; a restore replaces the database's `public` and
//   `drizzle` schemas with the backup's, in ONE transaction (psql), so a failed restore changes
//   nothing. The database should be Augment's own.
// - PGlite: PGlite's own dump of its data folder (dumpDataDir, a gzipped tarball). PGlite allows
//   one process per folder, so both commands take the folder's lock: a running server's folder
//   is refused (stop the server first), never copied mid-write or replaced under it. A restore
//   loads the tarball into a new sibling folder and swaps it in only once it opened.
// - At rest, either is encrypted (db/backup/crypto.ts) unless the caller passes no key; the
//   plaintext exists only as an owner-only partial file while the backup or restore runs.

// ---- Backup ---------------------------------------------------------------------------------

/** Backs up into `file`, encrypted under `key` (null: a plaintext backup, asked for explicitly). */
export async function backupDatabase(
  config: DatabaseConfig,
  file: string,
  { key }: { key: Buffer | null },
): Promise<BackupResult> {
  if (fs.existsSync(file)) {
    throw new BackupRefusedError(`${file} already exists: choose another name or delete it first.`)
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  // Written beside the target and renamed at the end: a failed backup leaves no file that
  // looks complete.
  const partial = `${file}.partial-${process.pid}`
  const plain = key ? `${file}.plain-${process.pid}` : partial
  try {
    const contents =
      config.backend === 'postgres'
        ? await backupPostgres(config.url, plain)
        : await backupPglite(folderOf(config), plain)
    if (key) await encryptBackupFile(plain, partial, key)
    fs.renameSync(partial, file)
    return { kind: config.backend, bytes: fs.statSync(file).size, contents }
  } finally {
    fs.rmSync(partial, { force: true })
    fs.rmSync(plain, { force: true })
  }
}

// ---- Restore --------------------------------------------------------------------------------

export interface RestoreOptions {
  force: boolean
  /** The backup key, asked for only when the file is encrypted; null when there is none. */
  key: () => Promise<Buffer | null>
}

export async function restoreDatabase(
  config: DatabaseConfig,
  file: string,
  options: RestoreOptions,
): Promise<RestoreResult> {
  if (!fs.existsSync(file)) throw new BackupRefusedError(`${file} does not exist.`)
  if (!isEncryptedBackup(file)) return restorePlainFile(config, file, options)
  const key = await options.key()
  if (!key) {
    throw new BackupRefusedError(
      `${file} is encrypted: set AUGMENT_BACKUP_KEY to the key it was made with.`,
    )
  }
  // Owner-only, removed whatever happens.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'augment-restore-'))
  try {
    const plain = path.join(scratch, 'backup')
    try {
      await decryptBackupFile(file, plain, key)
    } catch (error) {
      if (error instanceof BackupKeyError) throw new BackupRefusedError(error.message)
      throw error
    }
    return await restorePlainFile(config, plain, options, file)
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

async function restorePlainFile(
  config: DatabaseConfig,
  file: string,
  options: { force: boolean },
  shownAs = file,
): Promise<RestoreResult> {
  const kind = backupKindOf(file)
  if (kind === null) {
    throw new BackupRefusedError(`${shownAs} is not a backup made by npm run db:backup.`)
  }
  if (kind !== config.backend) {
    throw new BackupRefusedError(
      `${shownAs} is a ${backendLabel(kind)} backup, ` +
        `but the target is ${backendLabel(config.backend)} ` +
        `(DATABASE_URL is ${config.backend === 'postgres' ? 'set' : 'unset'}): ` +
        'restore it into the backend it came from.',
    )
  }
  return config.backend === 'postgres'
    ? restorePostgres(config.url, file, options)
    : restorePglite(folderOf(config), file, options)
}
