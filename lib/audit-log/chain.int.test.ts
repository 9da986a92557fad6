import { sql } from 'drizzle-orm'
import { beforeEach, describe, expect, it } from 'vitest'
import { getDb, type Database } from '@/db/client'
import { writeAudit, writeAudits, type AuditEntry } from '@/lib/audit'
import {
  GENESIS_HASH,
  describeChainReport,
  readChainCheckpoint,
  verifyAuditChain,
  verifyChainSinceCheckpoint,
  verifyWholeChain,
} from './chain'

// Finding 4 of issue 14: the audit log is a hash chain that a verifier walks. Rows changed or
// removed by someone who can switch the append-only triggers off are found; the app's own
// database role cannot switch them off, change or remove a row.

const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows

const entry = (n: number): AuditEntry => ({
  action: 'patient.view',
  entityType: 'patient',
  entityId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  actorEmail: `member-${n}@clinic.test`,
  ipAddress: '203.0.113.7',
  // Text that a naive serialization would get wrong: separators, quotes, non-ASCII, astral.
  details: { note: `row ${n}; "quoted" | Zoë 𝄞 \n`, n },
})

/** As the table's owner (the tests connect as one): switch the append-only triggers off. */
async function asOwnerWithoutTriggers(db: Database, work: () => Promise<unknown>) {
  await db.execute(sql`alter table audit_log disable trigger audit_log_no_update_delete`)
  try {
    await work()
  } finally {
    await db.execute(sql`alter table audit_log enable trigger audit_log_no_update_delete`)
  }
}

async function seqOf(db: Database, n: number): Promise<{ id: string; seq: number }> {
  const [row] = rowsOf<{ id: string; seq: string }>(
    await db.execute(sql`select id::text as id, chain_seq::text as seq from audit_log
      where entity_id = ${entry(n).entityId} order by chain_seq limit 1`),
  )
  return { id: row!.id, seq: Number(row!.seq) }
}

/** Each test starts from an empty log and a fresh chain (as the owner, triggers off). */
async function emptyAuditLog(db: Database) {
  await db.execute(sql`alter table audit_log disable trigger audit_log_no_truncate`)
  await db.execute(sql`truncate audit_log`)
  await db.execute(sql`alter table audit_log enable trigger audit_log_no_truncate`)
  await db.execute(sql`update audit_chain_head set chain_seq = 0, chain_hash = ${GENESIS_HASH}`)
  await db.execute(sql`delete from audit_chain_verified`)
}

let db: Database
beforeEach(async () => {
  db = await getDb()
  await emptyAuditLog(db)
})

describe('the audit hash chain', () => {
  it('verifies after single, bulk and 50 concurrent writers: one unbroken chain', async () => {
    for (let n = 1; n <= 20; n++) await writeAudit(db, entry(n))
    await writeAudits(
      db,
      Array.from({ length: 300 }, (_, i) => entry(100 + i)),
    )
    // Fifty transactions at once, each writing two rows and holding its transaction open a
    // moment between them: without the chain-head lock two would share a predecessor.
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        db.transaction(async (tx) => {
          await writeAudit(tx, entry(1_000 + i))
          await tx.execute(sql`select pg_sleep(0.002)`)
          await writeAudit(tx, entry(2_000 + i))
        }),
      ),
    )
    const [stats] = rowsOf<{ n: number; min: string; max: string; distinct: number }>(
      await db.execute(sql`select count(*)::int as n, min(chain_seq)::text as min,
        max(chain_seq)::text as max, count(distinct chain_hash)::int as distinct from audit_log`),
    )
    expect(stats!.n).toBeGreaterThanOrEqual(420)
    expect(Number(stats!.min)).toBe(1)
    expect(Number(stats!.max)).toBe(stats!.n)
    expect(stats!.distinct).toBe(stats!.n)

    const report = await verifyAuditChain(db)
    expect(report).toMatchObject({ intact: true, throughSeq: stats!.n, uncheckedRows: 0 })
    expect(describeChainReport(report)).toBe(
      `Audit chain intact through row ${stats!.n.toLocaleString('en-US')}.`,
    )
  })

  it('ignores a chain position or hash the caller tries to set', async () => {
    await writeAudit(db, entry(3_000))
    await db.execute(sql`insert into audit_log (action, entity_type, chain_seq, chain_hash)
      values ('patient.view', 'patient', 1, ${GENESIS_HASH})`)
    expect(await verifyAuditChain(db)).toMatchObject({ intact: true })
  })

  it('the page checks a capped number of new rows per view, from its checkpoint', async () => {
    for (let n = 0; n < 30; n++) await writeAudit(db, entry(4_000 + n))
    const head = await verifyAuditChain(db)
    expect(head.intact).toBe(true)
    const total = head.intact ? head.throughSeq : 0
    // A fresh page view with no checkpoint yet checks 10 rows and moves the checkpoint there.
    const first = await verifyChainSinceCheckpoint(db, 10)
    expect(first).toMatchObject({ intact: true, checkedRows: 10, uncheckedRows: total - 10 })
    expect(describeChainReport(first)).toMatch(/newer rows not checked yet/)
    expect((await readChainCheckpoint(db))?.seq).toBe(10)
    const rest = await verifyChainSinceCheckpoint(db, 1_000_000)
    expect(rest).toMatchObject({ intact: true, throughSeq: total, uncheckedRows: 0 })
  })

  it('a row rewritten and another removed behind the triggers are found: the first broken row', async () => {
    for (let n = 0; n < 10; n++) await writeAudit(db, entry(5_000 + n))
    expect(await verifyAuditChain(db)).toMatchObject({ intact: true })
    const changed = await seqOf(db, 5_003)
    const removed = await seqOf(db, 5_006)
    await asOwnerWithoutTriggers(db, async () => {
      await db.execute(
        sql`update audit_log set actor_email = 'someone-else@clinic.test' where id = ${changed.id}`,
      )
      await db.execute(sql`delete from audit_log where id = ${removed.id}`)
    })
    const report = await verifyAuditChain(db)
    expect(report).toMatchObject({
      intact: false,
      brokenAtSeq: changed.seq,
      rowId: changed.id,
      reason: 'the row was changed',
    })
    expect(describeChainReport(report)).toBe(
      `Audit chain broken at row ${changed.seq.toLocaleString('en-US')} (id ${changed.id}): the row was changed.`,
    )
    // The audit page continues from the last checkpoint: rows after it, and the row it
    // rests on, are checked again on each view.
    expect(await verifyChainSinceCheckpoint(db, 1_000)).toMatchObject({
      intact: false,
      brokenAtSeq: changed.seq,
    })
  })
})

describe('rows changed before the checkpoint, a removed last row, a row outside the chain', () => {
  it('npm run audit:verify walks the whole chain; the page re-checks the checkpoint row', async () => {
    for (let n = 0; n < 10; n++) await writeAudit(db, entry(5_500 + n))
    expect(await verifyWholeChain(db)).toMatchObject({ intact: true, throughSeq: 10 })
    expect(await readChainCheckpoint(db)).toMatchObject({ seq: 10 })
    const early = await seqOf(db, 5_502)
    await asOwnerWithoutTriggers(db, () =>
      db.execute(sql`delete from audit_log where id = ${early.id}`),
    )
    expect(await verifyWholeChain(db)).toMatchObject({
      intact: false,
      brokenAtSeq: early.seq,
      reason: 'the row is missing',
    })
    const last = await seqOf(db, 5_509)
    await asOwnerWithoutTriggers(db, () =>
      db.execute(sql`update audit_log set ip_address = '198.51.100.1' where id = ${last.id}`),
    )
    expect(await verifyChainSinceCheckpoint(db, 1_000)).toMatchObject({
      intact: false,
      brokenAtSeq: 10,
      reason: 'the row was changed',
    })
  })

  it('a removed last row is reported', async () => {
    await writeAudit(db, entry(6_000))
    await writeAudit(db, entry(6_001))
    const last = await seqOf(db, 6_001)
    await asOwnerWithoutTriggers(db, () =>
      db.execute(sql`delete from audit_log where id = ${last.id}`),
    )
    expect(await verifyAuditChain(db)).toMatchObject({
      intact: false,
      brokenAtSeq: last.seq,
      reason: 'the row is missing',
    })
  })

  it('a row added with the chain trigger off is reported', async () => {
    await writeAudit(db, entry(6_100))
    await db.execute(sql`alter table audit_log disable trigger audit_log_chain`)
    try {
      await writeAudit(db, entry(6_101))
    } finally {
      await db.execute(sql`alter table audit_log enable trigger audit_log_chain`)
    }
    expect(await verifyAuditChain(db)).toMatchObject({
      intact: false,
      brokenAtSeq: 2,
      reason: 'the row was added outside the chain',
    })
  })
})

describe("the app's database role (augment_app)", () => {
  const asAppRole = (statement: ReturnType<typeof sql>) =>
    db.transaction(async (tx) => {
      await tx.execute(sql`set local role augment_app`)
      await tx.execute(statement)
    })
  /** The database's own message (drizzle wraps it in "Failed query: …"). */
  const refusalOf = (statement: ReturnType<typeof sql>) =>
    asAppRole(statement).then(
      () => 'allowed',
      (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
    )

  it('may read and append, and the chain goes on', async () => {
    await asAppRole(
      sql`insert into audit_log (action, entity_type) values ('patient.view', 'patient')`,
    )
    await asAppRole(sql`select count(*) from audit_log`)
    expect(await verifyAuditChain(db)).toMatchObject({ intact: true, throughSeq: 1 })
  })

  it('cannot change, remove or truncate a row, switch a trigger off, or move the chain head', async () => {
    await writeAudit(db, entry(7_000))
    const { id } = await seqOf(db, 7_000)
    const attempts = [
      sql`update audit_log set action = 'x' where id = ${id}`,
      sql`delete from audit_log where id = ${id}`,
      sql`truncate audit_log`,
      sql`alter table audit_log disable trigger audit_log_no_update_delete`,
      sql`alter table audit_log disable trigger audit_log_chain`,
      sql`drop trigger audit_log_chain on audit_log`,
      sql`update audit_chain_head set chain_seq = 1`,
    ]
    for (const attempt of attempts) {
      expect(await refusalOf(attempt)).toMatch(/permission denied|must be owner/)
    }
    const [row] = rowsOf<{ action: string }>(
      await db.execute(sql`select action from audit_log where id = ${id}`),
    )
    expect(row?.action).toBe('patient.view')
  })
})
