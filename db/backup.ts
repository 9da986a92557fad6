import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import {
  BackupKeyError,
  decryptBackupFile,
  encryptBackupFile,
  isEncryptedBackup,
} from './backup-crypto'
import type { DatabaseConfig } from './config'
import { DatabaseFolderInUseError, lockDatabaseFolder } from './lock'

// Backups of either backend (`npm run db:backup` / `db:restore`):
// - PostgreSQL: pg_dump's custom format; a restore replaces the database's `public` and
//   `drizzle` schemas with the backup's, in ONE transaction (psql), so a failed restore changes
//   nothing. The database should be Augment's own.
// - PGlite: PGlite's own dump of its data folder (dumpDataDir, a gzipped tarball). PGlite allows
//   one process per folder, so both commands take the folder's lock: a running server's folder
//   is refused (stop the server first), never copied mid-write or replaced under it. A restore
//   loads the tarball into a new sibling folder and swaps it in only once it opened.
// - At rest, either is encrypted (db/backup-crypto.ts) unless the caller passes no key; the
//   plaintext exists only as an owner-only partial file while the backup or restore runs.

export type BackupKind = 'postgres' | 'pglite'

/** What a database holds, for the messages: every table, and the rows in them. */
export interface DatabaseContents {
  tables: number
  rows: number
  /** Staff, patients and audit rows: the data a restore must not replace by accident. */
  data: { staff: number; patients: number; auditRows: number }
}

export interface BackupResult {
  kind: BackupKind
  bytes: number
  contents: DatabaseContents
}

export interface RestoreResult {
  kind: BackupKind
  contents: DatabaseContents
  /** What the target held before, when it held anything. */
  replaced: DatabaseContents | null
}

/** A refusal the command line shows as is: nothing was changed. */
export class BackupRefusedError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BackupRefusedError'
  }
}

type Query = (text: string) => Promise<{ rows: Record<string, unknown>[] }>

const PGLITE_LOCK_FILE = 'augment.lock'

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

async function backupPostgres(url: string, out: string): Promise<DatabaseContents> {
  // Counted just before the dump (pg_dump reads its own snapshot): exact unless someone
  // writes in between, which is good enough for the message.
  const contents = await withPgClient(url, (query) => describeContents(query))
  const { args, env } = libpqConnection(url)
  await run('pg_dump', ['--format=custom', '--file', out, ...args], env)
  return contents
}

async function backupPglite(dir: string, out: string): Promise<DatabaseContents> {
  return withPgliteFolder(dir, 'back up', async (client) => {
    // Everything in the data files, so the copy needs no WAL replay to be current.
    await client.query('checkpoint')
    const contents = await describeContents((text) => client.query(text))
    const tarball = await client.dumpDataDir('gzip')
    fs.writeFileSync(out, Buffer.from(await tarball.arrayBuffer()))
    return contents
  })
}

// ---- Restore --------------------------------------------------------------------------------

/** Which backend wrote `file`, from its first bytes; null for anything else. */
export function backupKindOf(file: string): BackupKind | null {
  const head = Buffer.alloc(512)
  const fd = fs.openSync(file, 'r')
  let length: number
  try {
    length = fs.readSync(fd, head, 0, head.length, 0)
  } finally {
    fs.closeSync(fd)
  }
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres'
  // gzip (PGlite's dump), or a plain tar ("ustar" at 257).
  if (length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'pglite'
  if (length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return 'pglite'
  return null
}

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
      `${shownAs} is a ${label(kind)} backup, but the target is ${label(config.backend)} ` +
        `(DATABASE_URL is ${config.backend === 'postgres' ? 'set' : 'unset'}): ` +
        'restore it into the backend it came from.',
    )
  }
  return config.backend === 'postgres'
    ? restorePostgres(config.url, file, options)
    : restorePglite(folderOf(config), file, options)
}

async function restorePostgres(
  url: string,
  file: string,
  { force }: { force: boolean },
): Promise<RestoreResult> {
  const before = await withPgClient(url, (query) => describeContents(query))
  refuseOverData(before, force)
  const { args, env } = libpqConnection(url)
  // pg_restore turns the archive into SQL; psql runs it after our prefix, inside one
  // transaction that commits only if pg_restore got to the end and every statement worked.
  await new Promise<void>((resolve, reject) => {
    const psql = spawn('psql', ['--no-psqlrc', '--quiet', '--set', 'ON_ERROR_STOP=1', ...args], {
      env: { ...env, PGOPTIONS: '-c client_min_messages=warning' },
      stdio: 'pipe',
    })
    const restore = spawn('pg_restore', ['--no-owner', '--no-acl', '--file', '-', file], {
      stdio: 'pipe',
    })
    let errors = ''
    const collect = (chunk: Buffer) => (errors += String(chunk))
    psql.stderr.on('data', collect)
    restore.stderr.on('data', collect)
    psql.stdout.resume()
    // psql stopping early (a failed statement) closes its input: pg_restore then fails too.
    psql.stdin.on('error', () => {})
    psql.stdin.write(
      [
        'begin;',
        'drop schema if exists drizzle cascade;',
        'drop schema if exists public cascade;',
        // As PostgreSQL 15 makes it: everyone may use it, only its owner create in it.
        'create schema public;',
        'grant usage on schema public to public;',
        '',
      ].join('\n'),
    )
    restore.stdout.pipe(psql.stdin, { end: false })
    let restoreCode: number | null = null
    restore.on('error', reject)
    psql.on('error', reject)
    restore.on('close', (code) => {
      restoreCode = code
      // Without COMMIT, psql ends the session and PostgreSQL rolls everything back.
      psql.stdin.end(code === 0 ? 'commit;\n' : '')
    })
    psql.on('close', (code) => {
      if (code === 0 && restoreCode === 0) resolve()
      else
        reject(
          new Error(
            `the database is unchanged (pg_restore exit ${restoreCode}, psql exit ${code}):\n${errors.trim()}`,
          ),
        )
    })
  })
  const contents = await withPgClient(url, (query) => describeContents(query))
  return { kind: 'postgres', contents, replaced: before.tables > 0 ? before : null }
}

async function restorePglite(
  dir: string,
  file: string,
  { force }: { force: boolean },
): Promise<RestoreResult> {
  // Held from the first look at the target to the swap: no server opens it meanwhile.
  const release = lockFolder(dir, 'restore into')
  const staging = `${dir}.restoring-${process.pid}`
  const aside = `${dir}.replaced-${process.pid}`
  try {
    let before: DatabaseContents | null = null
    if (fs.existsSync(path.join(dir, 'PG_VERSION'))) {
      const client = await PGlite.create(dir)
      try {
        before = await describeContents((text) => client.query(text))
      } finally {
        await client.close()
      }
      refuseOverData(before, force)
    }

    fs.rmSync(staging, { recursive: true, force: true })
    fs.mkdirSync(staging, { recursive: true })
    const tarball = new Blob([fs.readFileSync(file)])
    const client = await PGlite.create(staging, { loadDataDir: tarball, relaxedDurability: false })
    let contents: DatabaseContents
    try {
      contents = await describeContents((text) => client.query(text))
      await client.query('checkpoint')
    } finally {
      await client.close()
    }
    // The tarball carries the backing-up process's lock; ours replaces it before the swap.
    fs.writeFileSync(path.join(staging, PGLITE_LOCK_FILE), String(process.pid))

    if (fs.existsSync(dir)) fs.renameSync(dir, aside)
    fs.renameSync(staging, dir)
    fs.rmSync(aside, { recursive: true, force: true })
    return { kind: 'pglite', contents, replaced: before }
  } catch (error) {
    // Put the original back if the swap got half way.
    if (!fs.existsSync(dir) && fs.existsSync(aside)) fs.renameSync(aside, dir)
    throw error
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
    release()
  }
}

function refuseOverData(before: DatabaseContents, force: boolean) {
  const { staff, patients, auditRows } = before.data
  if (force || staff + patients + auditRows === 0) return
  throw new BackupRefusedError(
    `The target already holds data (${count(staff, 'staff member')}, ${count(patients, 'patient')}, ` +
      `${count(auditRows, 'audit row')}). Pass --force to replace it with the backup.`,
  )
}

// ---- Helpers --------------------------------------------------------------------------------

/** Every table of ours (any schema but PostgreSQL's own) and its rows, counted exactly. */
export async function describeContents(query: Query): Promise<DatabaseContents> {
  const { rows: tables } = await query(`
    select quote_ident(n.nspname) || '.' || quote_ident(c.relname) as name,
           n.nspname as schema, c.relname as table
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p')
       and n.nspname not in ('pg_catalog', 'information_schema')
       and left(n.nspname, 3) <> 'pg_'
     order by 1`)
  const counts = new Map<string, number>()
  let rows = 0
  for (const table of tables) {
    const { rows: result } = await query(`select count(*)::int as n from ${String(table.name)}`)
    const n = Number(result[0]?.n ?? 0)
    rows += n
    if (table.schema === 'public') counts.set(String(table.table), n)
  }
  return {
    tables: tables.length,
    rows,
    data: {
      staff: counts.get('staff') ?? 0,
      patients: counts.get('patients') ?? 0,
      auditRows: counts.get('audit_log') ?? 0,
    },
  }
}

function folderOf(config: DatabaseConfig & { backend: 'pglite' }): string {
  if (config.dir === 'memory://') {
    throw new BackupRefusedError(
      'PGLITE_DIR is memory://: there is no folder to back up or restore.',
    )
  }
  return config.dir
}

function lockFolder(dir: string, verb: string): () => void {
  try {
    return lockDatabaseFolder(dir)
  } catch (error) {
    if (!(error instanceof DatabaseFolderInUseError)) throw error
    throw new BackupRefusedError(
      `Cannot ${verb} ${dir}: it is in use by PID ${error.pid} (a running server?). ` +
        'PGlite allows one process per folder: stop the server first.',
    )
  }
}

async function withPgliteFolder<T>(
  dir: string,
  verb: string,
  work: (client: PGlite) => Promise<T>,
): Promise<T> {
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    throw new BackupRefusedError(`There is no PGlite database in ${dir}.`)
  }
  const release = lockFolder(dir, verb)
  try {
    const client = await PGlite.create(dir)
    try {
      return await work(client)
    } finally {
      await client.close()
    }
  } finally {
    release()
  }
}

async function withPgClient<T>(url: string, work: (query: Query) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 })
  await client.connect()
  try {
    return await work((text) => client.query(text))
  } finally {
    await client.end()
  }
}

/**
 * The URL for libpq tools, with its password moved to PGPASSWORD: a command line is visible
 * to every user of the machine (ps), the environment is not.
 */
function libpqConnection(url: string): { args: string[]; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url)
  const password = decodeURIComponent(parsed.password)
  parsed.password = ''
  const env: NodeJS.ProcessEnv = { ...process.env }
  if (password) env.PGPASSWORD = password
  return { args: ['--dbname', parsed.toString()], env }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'inherit', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += String(chunk)))
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(`${command} is not installed (it comes with the PostgreSQL client tools).`)
          : error,
      ),
    )
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} failed (exit ${code}):\n${stderr.trim()}`)),
    )
  })
}

function label(kind: BackupKind): string {
  return kind === 'postgres' ? 'PostgreSQL' : 'PGlite'
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`
}
