import { spawn } from 'node:child_process'
import pg from 'pg'
import {
  describeContents,
  refuseOverData,
  type DatabaseContents,
  type Query,
  type RestoreResult,
} from './contents'

// PostgreSQL: pg_dump's custom format, restored by pg_restore through psql in one transaction.

export async function backupPostgres(url: string, out: string): Promise<DatabaseContents> {
  // Counted just before the dump (pg_dump reads its own snapshot): exact unless someone
  // writes in between, which is good enough for the message.
  const contents = await withPgClient(url, (query) => describeContents(query))
  const { args, env } = libpqConnection(url)
  await run('pg_dump', ['--format=custom', '--file', out, ...args], env)
  return contents
}

export async function restorePostgres(
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
