import { asc } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import { auditLog, type NewAuditEntry } from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'
import { auditLogParams, type AuditLogFilters, type AuditLogParams } from './params'

// The From/To days are the clinic's: run this file in a zone that is not UTC, so a row at
// 23:30 UTC belongs to the next day.
process.env.AUGMENT_TIME_ZONE = 'Europe/Berlin'

vi.mock('@/lib/auth', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)
const { listAuditFilterOptions, listAuditLog } = await import('./list')
const { COUNT_CAP, countAuditRows, queryAuditLog, queryAuditRows } = await import('./queries')

type Member = Awaited<ReturnType<typeof insertStaff>>
type Stored = typeof auditLog.$inferSelect
let admin: Member
let coordinator: Member
let physician: Member
let bulkMember: Member
let all: Stored[]

const P1 = '11111111-1111-4111-8111-111111111111'
const P2 = '22222222-2222-4222-8222-222222222222'
const FILLER = 10_020

const params = (input: Record<string, unknown>): AuditLogParams => auditLogParams.parse(input)
// Everything that matches, in the query's order.
const everything = async (filters: AuditLogFilters) =>
  (await queryAuditRows(await getDb(), filters, { limit: 50_000, offset: 0 })).map((r) => r.id)
// The same, worked out in JavaScript from every stored row.
const newestFirst = (a: Stored, b: Stored) =>
  b.occurredAt.getTime() - a.occurredAt.getTime() || b.id - a.id
const expected = (matches: (row: Stored) => boolean) =>
  all
    .filter(matches)
    .sort(newestFirst)
    .map((r) => r.id)

beforeAll(async () => {
  const db = await getDb()
  admin = await insertStaff(db, 'unused', { role: 'admin', name: 'Ada Admin' })
  coordinator = await insertStaff(db, 'unused', { role: 'coordinator', name: 'Cora Coord' })
  physician = await insertStaff(db, 'unused', { role: 'physician', name: 'Phil Physician' })
  bulkMember = await insertStaff(db, 'unused', { role: 'coordinator', name: 'Bulk Member' })
  const by = (member: Member) => ({ actorId: member.id, actorEmail: member.email })
  const at = (iso: string) => new Date(iso)
  const known: NewAuditEntry[] = [
    {
      occurredAt: at('2026-03-01T08:00:00Z'),
      ...by(admin),
      action: 'auth.sign_in',
      entityType: 'staff',
      entityId: admin.id,
      ipAddress: '10.0.0.1',
    },
    {
      occurredAt: at('2026-03-01T08:05:00Z'),
      ...by(admin),
      action: 'staff.created',
      entityType: 'staff',
      entityId: coordinator.id,
      ipAddress: '10.0.0.1',
      details: { email: coordinator.email, role: 'coordinator' },
    },
    // 23:59:59.999 in Berlin on 1 March, then midnight of 2 March.
    {
      occurredAt: at('2026-03-01T22:59:59.999Z'),
      ...by(coordinator),
      action: 'auth.sign_in',
      entityType: 'staff',
      entityId: coordinator.id,
      ipAddress: '10.0.0.2',
    },
    {
      occurredAt: at('2026-03-01T23:00:00Z'),
      ...by(coordinator),
      action: 'patient.view',
      entityType: 'patient',
      entityId: P1,
      ipAddress: '10.0.0.2',
    },
    // Two rows of one transaction share their time: the later id comes first.
    {
      occurredAt: at('2026-03-02T09:00:00Z'),
      ...by(coordinator),
      action: 'patient.updated',
      entityType: 'patient',
      entityId: P1,
      ipAddress: '10.0.0.2',
      details: { changed: ['phone'] },
    },
    {
      occurredAt: at('2026-03-02T09:00:00Z'),
      ...by(coordinator),
      action: 'patient.status_changed',
      entityType: 'patient',
      entityId: P1,
      ipAddress: '10.0.0.2',
      details: { from: 'referred', to: 'imaging' },
    },
    {
      occurredAt: at('2026-03-03T10:00:00Z'),
      actorEmail: 'intruder@example.net',
      action: 'auth.sign_in_failed',
      entityType: 'staff',
      ipAddress: '198.51.100.9',
      details: { reason: 'unknown_email' },
    },
    { occurredAt: at('2026-03-03T10:01:00Z'), action: 'outcomes.export', entityType: 'outcomes' },
    {
      occurredAt: at('2026-03-04T12:00:00Z'),
      ...by(physician),
      action: 'patient.view',
      entityType: 'patient',
      entityId: P2,
      ipAddress: '10.0.0.3',
    },
    {
      occurredAt: at('2026-03-04T12:30:00Z'),
      ...by(physician),
      action: 'auth.sign_in',
      entityType: 'staff',
      entityId: physician.id,
      ipAddress: '10.0.0.3',
    },
    {
      occurredAt: at('2026-03-05T07:00:00Z'),
      ...by(admin),
      action: 'auth.sign_in',
      entityType: 'staff',
      entityId: admin.id,
      ipAddress: '10.0.0.1',
    },
    {
      occurredAt: at('2026-03-05T07:10:00Z'),
      ...by(physician),
      action: 'fracture.created',
      entityType: 'patient',
      entityId: P2,
      ipAddress: '10.0.0.3',
      details: { level: 'L1' },
    },
  ]
  // Older rows, enough to pass the count's cap.
  const start = Date.parse('2024-06-01T00:00:00Z')
  const filler: NewAuditEntry[] = Array.from({ length: FILLER }, (_, i) => ({
    occurredAt: new Date(start + i * 60_000),
    ...by(bulkMember),
    action: 'patient.view',
    entityType: 'patient',
    entityId: `filler-${i % 7}`,
  }))
  for (let i = 0; i < filler.length; i += 2_000)
    await db.insert(auditLog).values(filler.slice(i, i + 2_000))
  await db.insert(auditLog).values(known)
  all = await db.select().from(auditLog).orderBy(asc(auditLog.id))
})

describe('audit log query', () => {
  it('lists newest first, with id breaking ties, and the capped count', async () => {
    const page = await queryAuditLog(await getDb(), params({}))
    expect(page.rows.map((r) => r.id)).toEqual(expected(() => true).slice(0, 50))
    expect(page.rows[0]).toMatchObject({
      action: 'fracture.created',
      actorName: 'Phil Physician',
      actorEmail: physician.email,
      entityId: P2,
      details: { level: 'L1' },
    })
    const updated = all.find((r) => r.action === 'patient.updated')!
    const statusChanged = all.find((r) => r.action === 'patient.status_changed')!
    const ids = page.rows.map((r) => r.id)
    expect(ids.indexOf(statusChanged.id)).toBe(ids.indexOf(updated.id) - 1)
    expect(page).toMatchObject({ total: COUNT_CAP, capped: true, hasNext: true })
  })

  it('pages in SQL: each page is the next slice, and a walk sees every row once', async () => {
    const db = await getDb()
    const all12 = expected((r) => r.actorId !== bulkMember.id)
    expect(all12).toHaveLength(12)
    const seen: number[] = []
    const filters = { from: '2026-01-01' }
    for (let page = 1; page <= 3; page++) {
      const result = await queryAuditLog(db, params({ ...filters, page, size: 25 }))
      seen.push(...result.rows.map((r) => r.id))
      expect(result.hasNext).toBe(false)
      if (page > 1) expect(result.rows).toEqual([])
    }
    expect(seen).toEqual(all12)
    const deep = await queryAuditLog(db, params({ page: 3, size: 25 }))
    expect(deep.rows.map((r) => r.id)).toEqual(expected(() => true).slice(50, 75))
    expect(deep.hasNext).toBe(true)
    // The last page of the filler: fewer rows than the page size, no next page.
    const lastPage = Math.ceil((FILLER + 12) / 100)
    const last = await queryAuditLog(db, params({ page: lastPage, size: 100 }))
    expect(last.rows.map((r) => r.id)).toEqual(expected(() => true).slice((lastPage - 1) * 100))
    expect(last.rows.length).toBe((FILLER + 12) % 100)
    expect(last.hasNext).toBe(false)
  })

  it('filters by user (a staff member, or no user at all)', async () => {
    expect(await everything({ user: coordinator.id })).toEqual(
      expected((r) => r.actorId === coordinator.id),
    )
    expect(await everything({ user: coordinator.id })).toHaveLength(4)
    const none = await everything({ user: 'none' })
    expect(none).toEqual(expected((r) => r.actorId === null))
    expect(none).toHaveLength(2)
    expect(await everything({ user: '00000000-0000-4000-8000-000000000000' })).toEqual([])
  })

  it('filters by email exactly, which finds failed sign-ins with no user', async () => {
    const failed = await everything(params({ email: ' Intruder@Example.NET ' }))
    expect(failed).toEqual(expected((r) => r.actorEmail === 'intruder@example.net'))
    expect(failed).toHaveLength(1)
    expect(await everything({ email: 'intruder@example' })).toEqual([])
    expect(await everything({ email: admin.email })).toEqual(
      expected((r) => r.actorEmail === admin.email),
    )
  })

  it('filters by action', async () => {
    const signIns = await everything({ action: 'auth.sign_in' })
    expect(signIns).toEqual(expected((r) => r.action === 'auth.sign_in'))
    expect(signIns).toHaveLength(4)
    expect(await everything({ action: 'audit.export' })).toEqual([])
  })

  it('filters by entity type and entity id', async () => {
    expect(await everything({ entity: 'outcomes' })).toEqual(
      expected((r) => r.entityType === 'outcomes'),
    )
    const staffRows = await everything({ entity: 'staff' })
    expect(staffRows).toEqual(expected((r) => r.entityType === 'staff'))
    expect(staffRows).toHaveLength(6)
    const p1 = await everything({ entity: 'patient', entityId: P1 })
    expect(p1).toEqual(expected((r) => r.entityId === P1))
    expect(p1).toHaveLength(3)
    // An id alone finds it under any type.
    expect(await everything({ entityId: coordinator.id })).toEqual(
      expected((r) => r.entityId === coordinator.id),
    )
    expect(await everything({ entity: 'patient', entityId: coordinator.id })).toEqual([])
  })

  it("filters by date, both days included, in the clinic's time zone", async () => {
    const berlin = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' })
    const berlinDay = (r: Stored) => berlin.format(r.occurredAt)
    const march1 = await everything({ from: '2026-03-01', to: '2026-03-01' })
    expect(march1).toEqual(expected((r) => berlinDay(r) === '2026-03-01'))
    // 08:00, 08:05 and 23:59:59.999 Berlin time; not the row at midnight after.
    expect(march1).toHaveLength(3)
    const march2to3 = await everything(params({ from: '2026-03-03', to: '2026-03-02' }))
    expect(march2to3).toEqual(expected((r) => ['2026-03-02', '2026-03-03'].includes(berlinDay(r))))
    expect(march2to3).toHaveLength(5)
    expect(await everything({ from: '2026-03-05' })).toHaveLength(2)
    expect(await everything({ to: '2024-06-01' })).toEqual(
      expected((r) => berlinDay(r) <= '2024-06-01'),
    )
  })

  it('combines filters', async () => {
    const filters = {
      user: coordinator.id,
      action: 'patient.view' as const,
      entity: 'patient',
      entityId: P1,
      from: '2026-03-02',
      to: '2026-03-02',
    }
    const found = await everything(filters)
    expect(found).toEqual(
      expected(
        (r) => r.actorId === coordinator.id && r.action === 'patient.view' && r.entityId === P1,
      ),
    )
    expect(found).toHaveLength(1)
    expect(await everything({ ...filters, from: '2026-03-03' })).toEqual([])
  })

  it('counts up to the cap, exactly below it', async () => {
    const db = await getDb()
    expect(await countAuditRows(db, {})).toEqual({ total: COUNT_CAP, capped: true })
    expect(await countAuditRows(db, { user: bulkMember.id })).toEqual({
      total: COUNT_CAP,
      capped: true,
    })
    expect(await countAuditRows(db, { from: '2026-01-01' })).toEqual({ total: 12, capped: false })
    expect(await countAuditRows(db, { action: 'auth.sign_in' }, 4)).toEqual({
      total: 4,
      capped: false,
    })
    expect(await countAuditRows(db, { action: 'auth.sign_in' }, 3)).toEqual({
      total: 3,
      capped: true,
    })
    expect(await countAuditRows(db, { action: 'audit.export' })).toEqual({
      total: 0,
      capped: false,
    })
  })
})

describe('listAuditLog and its filter options', () => {
  it('serves the admin: rows, the staff for the User filter and the entity types in the log', async () => {
    signInAs(admin)
    const page = await listAuditLog(params({ action: 'auth.sign_in', size: 25 }))
    expect(page.rows.map((r) => r.id)).toEqual(expected((r) => r.action === 'auth.sign_in'))
    expect(page).toMatchObject({ total: 4, capped: false, hasNext: false })
    const options = await listAuditFilterOptions()
    expect(options.entityTypes).toEqual(['outcomes', 'patient', 'staff'])
    expect(options.actors.map((a) => a.name)).toEqual([
      'Ada Admin',
      'Bulk Member',
      'Cora Coord',
      'Phil Physician',
    ])
    expect(Object.keys(options.actors[0]!).sort()).toEqual(['active', 'email', 'id', 'name'])
  })

  it.each([
    ['anonymous', 'redirect:/login', () => null],
    ['a coordinator', 'http:403', () => coordinator],
    ['a physician', 'http:403', () => physician],
    ['an admin', 'allowed', () => admin],
  ])('answers %s with %s', async (_who, outcome, member) => {
    signInAs(member())
    expect(await outcomeOf(() => listAuditLog(params({})))).toBe(outcome)
    expect(await outcomeOf(() => listAuditFilterOptions())).toBe(outcome)
  })
})
