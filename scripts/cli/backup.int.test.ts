import { execFile } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { is, sql } from 'drizzle-orm'
import { PgTable } from 'drizzle-orm/pg-core'
import { afterAll, describe, expect, it } from 'vitest'
import { connect, openDatabase } from '@/db/client'
import type { DatabaseConfig } from '@/db/config'
import { seedPatients } from '@/db/seed/seed'
import { insertStaff } from '@/db/testing/factories'
import { tableChecksums } from '@/db/testing/snapshot'
import * as schema from '@/db/schema'
import { writeAudit } from '@/lib/audit'
import { verifyAuditChain } from '@/lib/audit-log/chain'

const SCHEMA_TABLES = Object.values(schema).filter((value) => is(value, PgTable)).length

// npm run db:backup / db:restore, round trip (issue 8): a seeded database backed up with the
// real command line, restored with it into an empty one, holds the same rows: every table's
// row count and md5 of its rows in primary-key order match. PGlite in the PGlite run,
// PostgreSQL in the run with TEST_DATABASE_URL (CI).

const root = path.join(__dirname, '..', '..')
const tsx = path.join(root, 'node_modules', '.bin', 'tsx')
const adminUrl = process.env.TEST_DATABASE_URL
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'augment-backup-test-'))
const ROUND_TRIP_TIMEOUT = 420_000
// Backups are encrypted at rest under this key (AUGMENT_BACKUP_KEY).
const BACKUP_KEY = crypto.randomBytes(32).toString('base64')

afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

interface CliRun {
  code: number
  output: string
}

/** Runs one of the npm scripts' files against `config`, as `npm run db:…` would. */
async function cli(
  script: string,
  args: string[],
  config: DatabaseConfig,
  backupKey: string = BACKUP_KEY,
): Promise<CliRun> {
  const env = {
    ...process.env,
    DATABASE_URL: config.backend === 'postgres' ? config.url : '',
    PGLITE_DIR: config.backend === 'pglite' ? config.dir : '',
    AUGMENT_BACKUP_KEY: backupKey,
  }
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, [script, ...args], {
      cwd: root,
      env,
    })
    return { code: 0, output: stdout + stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` }
  }
}

/** Staff, 150 synthetic patients with all their rows, and audit rows with JSON and an address. */
async function seedSource(config: DatabaseConfig) {
  const handle = await openDatabase(config)
  try {
    const physician = await insertStaff(handle.db, 'not-a-real-hash', { role: 'physician' })
    const coordinator = await insertStaff(handle.db, 'not-a-real-hash', { role: 'coordinator' })
    const seeded = await seedPatients(handle.db, {
      count: 150,
      seed: 8,
      physicianIds: [physician.id],
    })
    for (let i = 0; i < 20; i++) {
      await writeAudit(handle.db, {
        action: 'patient.view',
        entityType: 'patient',
        entityId: crypto.randomUUID(),
        actorId: coordinator.id,
        actorEmail: coordinator.email,
        ipAddress: `192.0.2.${i + 1}`,
        details: { note: `view ${i}`, quote: `it's "quoted"` },
      })
    }
    expect(seeded.patients).toBe(150)
    return await tableChecksums(handle.db)
  } finally {
    await handle.close()
  }
}

/** Whether a target holds no patients (a refused restore must leave it so). */
async function isEmpty(config: DatabaseConfig): Promise<boolean> {
  if (config.backend === 'pglite' && !fs.existsSync(path.join(config.dir, 'PG_VERSION')))
    return true
  const handle = await connect(config)
  try {
    const tables = await tableChecksums(handle.db)
    return !tables['public.patients'] || tables['public.patients'].startsWith('0 rows')
  } finally {
    await handle.close()
  }
}

/** The checksums as stored: connect() only, no migration or start-up work that could write. */
async function checksumsOf(config: DatabaseConfig) {
  const handle = await connect(config)
  try {
    return await tableChecksums(handle.db)
  } finally {
    await handle.close()
  }
}

/**
 * What a restore must bring back: every table as backed up, and the audit log's rows but the
 * row the restore appends (which also moves the chain head). Plus what that row says, and the
 * verdict of the chain's verifier on the restored log.
 */
async function restoredState(config: DatabaseConfig) {
  const handle = await connect(config)
  try {
    const sums = await tableChecksums(handle.db)
    delete sums['public.audit_chain_head']
    const rows = <T>(result: unknown) => (result as { rows: T[] }).rows
    const [kept] = rows<{ n: number; sum: string }>(
      await handle.db.execute(sql`select count(*)::int as n,
        md5(coalesce(string_agg(t::text, E'\n' order by id), '')) as sum
        from audit_log t where action <> 'audit.restored'`),
    )
    sums['public.audit_log'] = `${kept!.n} rows, md5 ${kept!.sum}`
    const restores = rows<{ details: Record<string, unknown>; seq: string }>(
      await handle.db.execute(sql`select details, chain_seq::text as seq from audit_log
        where action = 'audit.restored' order by id`),
    )
    return { sums, restores, chain: await verifyAuditChain(handle.db) }
  } finally {
    await handle.close()
  }
}

function withoutChainHead(sums: Record<string, string>) {
  const copy = { ...sums }
  delete copy['public.audit_chain_head']
  return copy
}

async function expectRestoredFrom(
  target: DatabaseConfig,
  before: Record<string, string>,
  file: string,
) {
  const { sums, restores, chain } = await restoredState(target)
  expect(sums).toEqual(withoutChainHead(before))
  // One row says what was restored, from which file, and continues the backup's chain.
  expect(restores).toHaveLength(1)
  expect(restores[0]!.details).toMatchObject({
    file: path.resolve(file),
    fileModifiedAt: fs.statSync(file).mtime.toISOString(),
    restored: { patients: 150, auditRows: 20 },
  })
  expect(Number(restores[0]!.seq)).toBe(21)
  expect(chain).toMatchObject({ intact: true, throughSeq: 21 })
}

async function roundTrip(source: DatabaseConfig, target: DatabaseConfig, file: string) {
  const before = await seedSource(source)
  expect(before['public.patients']).toMatch(/^150 rows, md5 [0-9a-f]{32}$/)
  expect(before['public.audit_log']).toMatch(/^20 rows/)

  // Without a key, and without --unencrypted, no backup is written.
  const unkeyed = await cli('scripts/cli/backup.ts', ['--out', file], source, '')
  expect(unkeyed.code).toBe(1)
  expect(unkeyed.output).toContain('AUGMENT_BACKUP_KEY is not set')
  expect(fs.existsSync(file)).toBe(false)

  const backup = await cli('scripts/cli/backup.ts', ['--out', file], source)
  expect(backup.output).toMatch(/Backed up .* to .* \(encrypted\): \d+ tables, [\d,]+ rows/)
  expect(backup.code).toBe(0)
  expect(fs.statSync(file).size).toBeGreaterThan(0)
  // Encrypted at rest, and readable by its owner only.
  expect(fs.readFileSync(file).subarray(0, 6).toString('latin1')).toBe('AUGBAK')
  expect(fs.statSync(file).mode & 0o777).toBe(0o600)

  // The wrong key, or one changed byte, restores nothing.
  const wrongKey = await cli(
    'scripts/cli/restore.ts',
    ['--in', file],
    target,
    crypto.randomBytes(32).toString('base64'),
  )
  expect(wrongKey.code).toBe(1)
  expect(wrongKey.output).toContain('the key is wrong or the file was changed')
  const tampered = `${file}.tampered`
  const bytes = fs.readFileSync(file)
  bytes[Math.floor(bytes.length / 2)]! ^= 0x40
  fs.writeFileSync(tampered, bytes)
  const changed = await cli('scripts/cli/restore.ts', ['--in', tampered], target)
  expect(changed.code).toBe(1)
  expect(changed.output).toContain('Restore refused, nothing changed')
  fs.rmSync(tampered)
  const noKey = await cli('scripts/cli/restore.ts', ['--in', file], target, '')
  expect(noKey.code).toBe(1)
  expect(noKey.output).toContain('is encrypted: set AUGMENT_BACKUP_KEY')
  expect(await isEmpty(target)).toBe(true)
  // A second backup to the same file is refused rather than overwriting it.
  const again = await cli('scripts/cli/backup.ts', ['--out', file], source)
  expect(again.code).toBe(1)
  expect(again.output).toContain('already exists')

  const restore = await cli('scripts/cli/restore.ts', ['--in', file], target)
  expect(restore.output).toMatch(/Restored .* into .*: \d+ tables/)
  expect(restore.code).toBe(0)

  expect(restore.output).toContain('Recorded the restore in the audit log.')
  const after = await checksumsOf(target)
  // Every table of the schema, and the migrations' bookkeeping table.
  expect(Object.keys(after)).toHaveLength(SCHEMA_TABLES + 1)
  await expectRestoredFrom(target, before, file)

  // The restored database holds data now: restoring over it needs --force.
  const refused = await cli('scripts/cli/restore.ts', ['--in', file], target)
  expect(refused.code).toBe(1)
  expect(refused.output).toContain('Pass --force')
  const forced = await cli('scripts/cli/restore.ts', ['--in', file, '--force'], target)
  expect(forced.output).toContain('It replaced')
  expect(forced.code).toBe(0)
  // The first restore's row went with what it replaced; the second restore wrote its own.
  await expectRestoredFrom(target, before, file)

  // A plaintext backup only when asked for by name; restore reads it as before.
  const plain = `${file}.plain`
  const unencrypted = await cli(
    'scripts/cli/backup.ts',
    ['--out', plain, '--unencrypted'],
    source,
    '',
  )
  expect(unencrypted.output).toContain('(unencrypted)')
  expect(unencrypted.code).toBe(0)
  const fromPlain = await cli('scripts/cli/restore.ts', ['--in', plain, '--force'], target, '')
  expect(fromPlain.code).toBe(0)
  await expectRestoredFrom(target, before, plain)
  fs.rmSync(plain)
  return await checksumsOf(target)
}

describe.skipIf(Boolean(adminUrl))('backup and restore, PGlite folder', () => {
  it(
    'round trip: every table has the same rows; a folder in use is refused',
    async () => {
      const source: DatabaseConfig = { backend: 'pglite', dir: path.join(work, 'source') }
      const target: DatabaseConfig = { backend: 'pglite', dir: path.join(work, 'target') }
      const file = path.join(work, 'pglite-backup.tar.gz')
      const before = await roundTrip(source, target, file)

      // A live process holds the target's lock (as a running server would): refused, unchanged.
      fs.writeFileSync(path.join(target.dir, 'augment.lock'), String(process.pid))
      try {
        const locked = await cli('scripts/cli/restore.ts', ['--in', file, '--force'], target)
        expect(locked.code).toBe(1)
        expect(locked.output).toContain(`in use by PID ${process.pid}`)
        const backup = await cli('scripts/cli/backup.ts', ['--out', `${file}.2`], target)
        expect(backup.code).toBe(1)
        expect(fs.existsSync(`${file}.2`)).toBe(false)
      } finally {
        fs.rmSync(path.join(target.dir, 'augment.lock'))
      }
      expect(await checksumsOf(target)).toEqual(before)
      // No staging or replaced folder left beside it.
      expect(fs.readdirSync(work).sort()).toEqual(['pglite-backup.tar.gz', 'source', 'target'])
    },
    ROUND_TRIP_TIMEOUT,
  )
})

describe.runIf(Boolean(adminUrl))('backup and restore, PostgreSQL', () => {
  const names = ['source', 'target'].map(
    (role) => `augment_backup_${role}_${crypto.randomBytes(4).toString('hex')}`,
  )
  const urlOf = (name: string) => {
    const url = new URL(adminUrl!)
    url.pathname = `/${name}`
    return url.toString()
  }
  async function admin(statement: string) {
    const client = new pg.Client({ connectionString: adminUrl })
    await client.connect()
    try {
      await client.query(statement)
    } finally {
      await client.end()
    }
  }
  afterAll(async () => {
    for (const name of names) await admin(`drop database if exists ${name} with (force)`)
  })

  it(
    'round trip with pg_dump and pg_restore: every table has the same rows',
    async () => {
      for (const name of names) await admin(`create database ${name}`)
      const [source, target] = names.map((name): DatabaseConfig => ({
        backend: 'postgres',
        url: urlOf(name),
      }))
      await roundTrip(source!, target!, path.join(work, 'postgres.dump'))

      // A PGlite backup is refused here, by its kind, before anything is touched.
      const wrongKind = path.join(work, 'wrong-kind.tar.gz')
      fs.writeFileSync(wrongKind, Buffer.from([0x1f, 0x8b, 0x08, 0x00]))
      const refused = await cli('scripts/cli/restore.ts', ['--in', wrongKind, '--force'], target!)
      expect(refused.code).toBe(1)
      expect(refused.output).toContain('is a PGlite backup, but the target is PostgreSQL')
    },
    ROUND_TRIP_TIMEOUT,
  )
})
