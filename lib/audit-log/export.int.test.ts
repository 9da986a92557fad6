import { asc, desc, eq, sql } from 'drizzle-orm'
import Papa from 'papaparse'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import { auditLog } from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { fakeSession, outcomeOf, signInAs } from '@/lib/auth/testing/session'
import type { AuditLogFilters } from './params'

vi.mock('@/lib/auth', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)
const { exportAuditLogCsv } = await import('./export')
const { queryAuditRows } = await import('./queries')

type Member = Awaited<ReturnType<typeof insertStaff>>
let admin: Member
let coordinator: Member
let physician: Member

const HEADER = [
  'ID',
  'Time',
  'User',
  'Email',
  'Action',
  'Action code',
  'Entity',
  'Entity id',
  'Client address',
  'Details',
]
const BATCH_ROWS = 4_500

async function download(filters: AuditLogFilters): Promise<string[][]> {
  const text = await new Response(await exportAuditLogCsv(filters)).text()
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true })
  expect(parsed.errors).toEqual([])
  return parsed.data
}

const exportRows = async () =>
  (await getDb())
    .select()
    .from(auditLog)
    .where(eq(auditLog.action, 'audit.export'))
    .orderBy(asc(auditLog.id))

beforeAll(async () => {
  const db = await getDb()
  admin = await insertStaff(db, 'unused', { role: 'admin', name: 'Ada Admin' })
  coordinator = await insertStaff(db, 'unused', { role: 'coordinator', name: 'Cora Coord' })
  physician = await insertStaff(db, 'unused', { role: 'physician', name: '=Phil Physician' })
  // What an attacker controls: the email typed at sign-in, the forwarded address, an id.
  await db.insert(auditLog).values([
    {
      occurredAt: new Date('2026-03-03T10:00:00Z'),
      actorEmail: '=HYPERLINK("http://evil.example","x")@x.org',
      action: 'auth.sign_in_failed',
      entityType: 'staff',
      entityId: '@SUM(A1)',
      ipAddress: '+1 evil',
      details: { reason: 'unknown_email', note: '=cmd' },
    },
    {
      occurredAt: new Date('2026-03-04T12:00:00Z'),
      actorId: physician.id,
      actorEmail: physician.email,
      action: 'patient.view',
      entityType: 'patient',
      entityId: 'p-1',
      ipAddress: '10.0.0.3',
    },
  ])
  // More rows than one batch, 9 to each microsecond of a single millisecond: a cursor kept as
  // a JS Date (milliseconds) would lose or repeat rows at every batch boundary.
  await db.execute(sql`
    insert into audit_log (occurred_at, actor_id, actor_email, action, entity_type, entity_id)
    select timestamptz '2026-04-01 10:00:00.123+00' + (g % 500) * interval '1 microsecond',
           ${coordinator.id}::uuid, ${coordinator.email}, 'patient.view', 'patient', 'batch-' || g
    from generate_series(1, ${BATCH_ROWS}) g`)
})

describe('audit log CSV export', () => {
  it('writes exactly the filtered rows, formula cells neutralized, and audits itself', async () => {
    signInAs(admin)
    fakeSession.address = '192.0.2.44'
    const csv = await download({ action: 'auth.sign_in_failed' })
    expect(csv[0]).toEqual(HEADER)
    expect(csv).toHaveLength(2)
    const [row] = await queryAuditRows(
      await getDb(),
      { action: 'auth.sign_in_failed' },
      {
        limit: 10,
        offset: 0,
      },
    )
    const cells = Object.fromEntries(HEADER.map((name, i) => [name, csv[1]![i]]))
    expect(cells).toEqual({
      ID: String(row!.id),
      Time: expect.stringMatching(/^2026-03-03T\d\d:00:00\.000[+-]\d\d:\d\d$/),
      User: 'Anonymous',
      Email: `'=HYPERLINK("http://evil.example","x")@x.org`,
      Action: 'Failed sign-in',
      'Action code': 'auth.sign_in_failed',
      Entity: 'Staff member',
      'Entity id': "'@SUM(A1)",
      'Client address': "'+1 evil",
      Details: expect.stringMatching(/^\{/),
    })
    // jsonb keeps its own key order; the text is the stored object, whole.
    expect(JSON.parse(cells.Details!)).toEqual({ reason: 'unknown_email', note: '=cmd' })
    expect(new Date(cells.Time!).toISOString()).toBe('2026-03-03T10:00:00.000Z')

    const audits = await exportRows()
    expect(audits).toHaveLength(1)
    expect(audits[0]).toMatchObject({
      actorId: admin.id,
      actorEmail: admin.email,
      action: 'audit.export',
      entityType: 'audit_log',
      entityId: null,
      ipAddress: '192.0.2.44',
      details: { filters: { action: 'auth.sign_in_failed' }, rows: 1 },
    })
  })

  it('neutralizes a formula in a staff name too', async () => {
    signInAs(admin)
    const csv = await download({ user: physician.id })
    expect(csv.slice(1).map((r) => r[2])).toEqual(["'=Phil Physician"])
  })

  it('streams every row in batches, newest first, none lost or repeated, not its own', async () => {
    signInAs(admin)
    const db = await getDb()
    const before = await queryAuditRows(db, {}, { limit: 100_000, offset: 0 })
    expect(before.length).toBeGreaterThan(BATCH_ROWS)
    const csv = await download({})
    const ids = csv.slice(1).map((r) => Number(r[0]))
    expect(ids).toEqual(before.map((r) => r.id))
    expect(new Set(ids).size).toBe(ids.length)
    // The earlier exports' audit rows are in it; this export's own row is not.
    const audits = await exportRows()
    const own = audits[audits.length - 1]!
    expect(ids).not.toContain(own.id)
    expect(ids).toEqual(expect.arrayContaining(audits.slice(0, -1).map((a) => a.id)))
    expect(own.details).toEqual({ filters: {}, rows: before.length })
  })

  it('covers the log as it stood when it started', async () => {
    signInAs(admin)
    const db = await getDb()
    const stream = await exportAuditLogCsv({ entity: 'patient' })
    await db.insert(auditLog).values({
      action: 'patient.view',
      entityType: 'patient',
      entityId: 'written-during-download',
    })
    const text = await new Response(stream).text()
    expect(text).not.toContain('written-during-download')
    const [latest] = await db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(1)
    expect(latest!.entityId).toBe('written-during-download')
    const rows = Papa.parse<string[]>(text, { skipEmptyLines: true }).data.slice(1)
    expect(rows).toHaveLength(BATCH_ROWS + 1)
  })

  it.each([
    ['anonymous', 'redirect:/login', () => null],
    ['a coordinator', 'http:403', () => coordinator],
    ['a physician', 'http:403', () => physician],
  ])('refuses %s (%s) and writes no audit row', async (_who, outcome, member) => {
    const exportsBefore = (await exportRows()).length
    signInAs(member())
    expect(await outcomeOf(() => exportAuditLogCsv({}))).toBe(outcome)
    expect(await exportRows()).toHaveLength(exportsBefore)
  })
})
