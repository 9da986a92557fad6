import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { getDb } from './client'
import { migrateDatabase, migrationsFolder, readJournal } from './migrate'
import { auditLog } from './schema'

const rowsOf = (result: unknown) => (result as { rows: Record<string, unknown>[] }).rows

async function tableExists(name: string): Promise<boolean> {
  const db = await getDb()
  const result = await db.execute(
    sql`select to_regclass(${`public.${name}`}) is not null as present`,
  )
  return rowsOf(result)[0]?.present === true
}

async function appliedCount(): Promise<number> {
  const db = await getDb()
  return Number(
    rowsOf(await db.execute(sql`select count(*) as n from drizzle.__drizzle_migrations`))[0]?.n,
  )
}

describe('migrations', () => {
  it('created every table and recorded every migration', async () => {
    for (const table of [
      'staff',
      'patients',
      'patient_status_events',
      'audit_log',
      'sign_in_throttle',
    ]) {
      expect(await tableExists(table), table).toBe(true)
    }
    expect(await appliedCount()).toBe(readJournal().length)
  })

  it('applying again changes nothing', async () => {
    expect(await migrateDatabase(await getDb())).toBe(0)
  })

  it('a failing migration leaves the schema and the bookkeeping unchanged', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'augment-migrations-'))
    fs.cpSync(migrationsFolder, folder, { recursive: true })
    const journalFile = path.join(folder, 'meta', '_journal.json')
    const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as {
      entries: { idx: number; when: number; tag: string }[]
    }
    const last = journal.entries.at(-1)!
    const add = (tag: string, body: string, offset: number) => {
      journal.entries.push({ ...last, idx: journal.entries.length, when: last.when + offset, tag })
      fs.writeFileSync(path.join(folder, `${tag}.sql`), body)
    }
    add('9000_good', 'CREATE TABLE "probe_good" ("id" integer);', 1_000)
    add(
      '9001_bad',
      'CREATE TABLE "probe_bad" ("id" integer);\n--> statement-breakpoint\nALTER TABLE "no_such_table" ADD COLUMN "x" integer;',
      2_000,
    )
    fs.writeFileSync(journalFile, JSON.stringify(journal))
    const before = await appliedCount()
    try {
      await expect(migrateDatabase(await getDb(), folder)).rejects.toThrow()
      expect(await tableExists('probe_good')).toBe(false)
      expect(await tableExists('probe_bad')).toBe(false)
      expect(await appliedCount()).toBe(before)
    } finally {
      fs.rmSync(folder, { recursive: true, force: true })
    }
  })
})

describe('audit_log is append-only in the database itself', () => {
  it('accepts inserts but rejects UPDATE, DELETE and TRUNCATE', async () => {
    const db = await getDb()
    await db.insert(auditLog).values({ action: 'test.append', entityType: 'test' })
    for (const statement of [
      sql`update audit_log set action = 'tampered'`,
      sql`delete from audit_log`,
      sql`truncate audit_log`,
    ]) {
      const error: unknown = await db.execute(statement).then(
        () => null,
        (e: unknown) => e,
      )
      // drizzle wraps the driver's error; the database's own message is the cause.
      expect(String((error as { cause?: Error } | null)?.cause?.message)).toMatch(
        /audit_log is append-only/,
      )
    }
    const rows = rowsOf(
      await db.execute(sql`select action from audit_log where entity_type = 'test'`),
    )
    expect(rows).toEqual([{ action: 'test.append' }])
  })
})
