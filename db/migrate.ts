import fs from 'node:fs'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { readMigrationFiles } from 'drizzle-orm/migrator'
import type { Database } from './client'

export const migrationsFolder = path.join(process.cwd(), 'db', 'migrations')

export interface JournalEntry {
  idx: number
  when: number
  tag: string
}

export function readJournal(folder: string = migrationsFolder): JournalEntry[] {
  const file = path.join(folder, 'meta', '_journal.json')
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { entries: JournalEntry[] }).entries
}

/**
 * A migration applies only when it is newer than the last one applied, so one whose timestamp
 * is older than its predecessor's (a branch merged late) would be skipped silently on every
 * database that already ran the predecessor. Such a journal is refused outright.
 */
export function migrationOrderProblems(entries: readonly JournalEntry[]): string[] {
  const problems: string[] = []
  for (let i = 1; i < entries.length; i++) {
    const previous = entries[i - 1]!
    const current = entries[i]!
    if (current.when <= previous.when) {
      problems.push(
        `${current.tag} (${new Date(current.when).toISOString()}) is not newer than ` +
          `${previous.tag} (${new Date(previous.when).toISOString()})`,
      )
    }
  }
  return problems
}

// Serializes app instances that start at once against one PostgreSQL.
const MIGRATION_LOCK_KEY = 73_112_026

/**
 * Applies every pending migration, and the bookkeeping, in one transaction: a failure leaves
 * the schema exactly as it was. The bookkeeping table is drizzle-kit's own, so its tools agree.
 */
export async function migrateDatabase(
  db: Database,
  folder: string = migrationsFolder,
): Promise<number> {
  const problems = migrationOrderProblems(readJournal(folder))
  if (problems.length > 0) throw new Error(`Migration order is broken: ${problems.join('; ')}`)
  const migrations = readMigrationFiles({ migrationsFolder: folder })
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`)
    // Created only when missing: the app's production role (README) may not create anything,
    // and PostgreSQL checks that right even for "if not exists".
    const bookkeeping = (await tx.execute(
      sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
    )) as unknown as { rows: { present: boolean }[] }
    if (!bookkeeping.rows[0]?.present) {
      await tx.execute(sql`create schema if not exists drizzle`)
      await tx.execute(
        sql`create table if not exists drizzle.__drizzle_migrations (id serial primary key, hash text not null, created_at bigint)`,
      )
    }
    // Both drivers (pg's QueryResult, PGlite's Results) return the rows under `rows`.
    const applied = (await tx.execute(
      sql`select created_at from drizzle.__drizzle_migrations order by created_at desc limit 1`,
    )) as unknown as { rows: { created_at: string | number }[] }
    const lastApplied = Number(applied.rows[0]?.created_at ?? 0)
    let count = 0
    for (const migration of migrations) {
      if (migration.folderMillis <= lastApplied) continue
      for (const statement of migration.sql) {
        if (statement.trim()) await tx.execute(sql.raw(statement))
      }
      await tx.execute(
        sql`insert into drizzle.__drizzle_migrations (hash, created_at) values (${migration.hash}, ${migration.folderMillis})`,
      )
      count++
    }
    return count
  })
}
