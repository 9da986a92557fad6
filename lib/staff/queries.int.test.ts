import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import { insertStaff } from '@/db/testing/factories'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'
import { staffListParams, type StaffListParams } from './list-params'

vi.mock('@/lib/auth', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)

const { getStaffMember, listStaff, staffHistory } = await import('./queries')
const { deactivateStaff } = await import('./mutations')

type Member = Awaited<ReturnType<typeof insertStaff>>
let admin: Member
let coordinator: Member
const people: Record<string, Member> = {}

beforeAll(async () => {
  const db = await getDb()
  admin = await insertStaff(db, 'h', { role: 'admin', name: 'Ada Admin', email: 'ada@clinic.test' })
  coordinator = await insertStaff(db, 'h', {
    role: 'coordinator',
    name: 'Cole Coord',
    email: 'cole@clinic.test',
    lastLoginAt: new Date('2026-01-02T10:00:00Z'),
  })
  people.bea = await insertStaff(db, 'h', {
    role: 'physician',
    name: 'bea Bone',
    email: 'bea@clinic.test',
    lastLoginAt: new Date('2026-01-05T10:00:00Z'),
  })
  people.dan = await insertStaff(db, 'h', {
    role: 'physician',
    name: 'Dan Disc',
    email: 'dan_disc@clinic.test',
    active: false,
  })
  people.eve = await insertStaff(db, 'h', {
    role: 'coordinator',
    name: 'Eve Edge',
    email: 'eve@clinic.test',
    failedLoginCount: 0,
    lockedUntil: new Date(Date.now() + 10 * 60_000),
  })
  people.fay = await insertStaff(db, 'h', {
    role: 'coordinator',
    name: 'Fay Former-lock',
    email: 'fay@clinic.test',
    failedLoginCount: 2,
    lockedUntil: new Date(Date.now() - 60_000),
  })
})

beforeEach(() => signInAs(admin))

const list = (params: Partial<StaffListParams> = {}) =>
  listStaff({ ...staffListParams.parse({}), ...params })
const names = async (params: Partial<StaffListParams> = {}) =>
  (await list(params)).rows.map((row) => row.name)

describe('listStaff', () => {
  it('is for admins only', async () => {
    signInAs(null)
    expect(await outcomeOf(() => list())).toBe('redirect:/login')
    signInAs(coordinator)
    expect(await outcomeOf(() => list())).toBe('http:403')
    expect(await outcomeOf(() => getStaffMember(admin.id))).toBe('http:403')
    expect(await outcomeOf(() => staffHistory(admin.id))).toBe('http:403')
  })

  it('lists everyone by name (case-insensitively), with the totals, never a hash', async () => {
    const result = await list()
    expect(result.rows.map((row) => row.name)).toEqual([
      'Ada Admin',
      'bea Bone',
      'Cole Coord',
      'Dan Disc',
      'Eve Edge',
      'Fay Former-lock',
    ])
    expect(result).toMatchObject({ total: 6, activeAdmins: 1 })
    expect(Object.keys(result.rows[0]!).sort()).toEqual(
      [
        'active',
        'email',
        'failedLoginCount',
        'id',
        'lastLoginAt',
        'locked',
        'lockedUntil',
        'mustChangePassword',
        'name',
        'role',
        'twoFactor',
      ].sort(),
    )
  })

  it('says locked only while the lock lasts', async () => {
    const rows = (await list()).rows
    const byName = Object.fromEntries(rows.map((row) => [row.name, row]))
    expect(byName['Eve Edge']!.locked).toBe(true)
    expect(byName['Fay Former-lock']!.locked).toBe(false)
    expect(byName['Ada Admin']!.locked).toBe(false)
  })

  it('filters by role, status and search (name or email, wildcards literal)', async () => {
    expect(await names({ role: 'physician' })).toEqual(['bea Bone', 'Dan Disc'])
    expect(await names({ status: 'inactive' })).toEqual(['Dan Disc'])
    expect(await names({ status: 'locked' })).toEqual(['Eve Edge'])
    expect(await names({ status: 'active', role: 'physician' })).toEqual(['bea Bone'])
    expect(await names({ q: 'BONE' })).toEqual(['bea Bone'])
    expect(await names({ q: 'cole@' })).toEqual(['Cole Coord'])
    expect(await names({ q: 'dan_' })).toEqual(['Dan Disc'])
    expect(await names({ q: '_' })).toEqual(['Dan Disc'])
    expect(await names({ q: '%' })).toEqual([])
    const filtered = await list({ role: 'coordinator' })
    expect(filtered.total).toBe(3)
    // The last-admin count is the whole table's, whatever the filter.
    expect(filtered.activeAdmins).toBe(1)
  })

  it('sorts by each column in SQL, both ways', async () => {
    expect(await names({ sort: 'name', dir: 'desc' })).toEqual([
      'Fay Former-lock',
      'Eve Edge',
      'Dan Disc',
      'Cole Coord',
      'bea Bone',
      'Ada Admin',
    ])
    expect((await names({ sort: 'email' }))[0]).toBe('Ada Admin')
    // Enum order: coordinator, physician, admin.
    expect(await names({ sort: 'role', dir: 'desc' })).toEqual([
      'Ada Admin',
      'bea Bone',
      'Dan Disc',
      'Cole Coord',
      'Eve Edge',
      'Fay Former-lock',
    ])
    expect((await names({ sort: 'status', dir: 'desc' }))[0]).toBe('Dan Disc')
    expect((await names({ sort: 'lastLoginAt', dir: 'desc' })).slice(0, 2)).toEqual([
      'bea Bone',
      'Cole Coord',
    ])
    // Never signed in stays last either way.
    expect((await names({ sort: 'lastLoginAt', dir: 'asc' })).slice(0, 2)).toEqual([
      'Cole Coord',
      'bea Bone',
    ])
    expect((await names({ sort: 'locked', dir: 'desc' }))[0]).toBe('Eve Edge')
  })

  it('pages in SQL and keeps the total', async () => {
    const all = await names()
    const pageOne = await list({ size: 25, page: 1 })
    expect(pageOne.rows).toHaveLength(6)
    const beyond = await list({ page: 2 })
    expect(beyond.rows).toEqual([])
    expect(beyond.total).toBe(6)
    expect(all).toHaveLength(6)
  })
})

describe('getStaffMember and staffHistory', () => {
  it('returns one member and the audit rows about them, newest first', async () => {
    const member = await insertStaff(await getDb(), 'h', { role: 'physician' })
    expect(await getStaffMember('00000000-0000-4000-8000-000000000000')).toBeNull()
    const found = await getStaffMember(member.id)
    expect(found).toMatchObject({
      member: { id: member.id, email: member.email, role: 'physician', active: true },
      activeAdmins: 1,
    })
    expect(found!.member).not.toHaveProperty('passwordHash')
    await deactivateStaff({ staffId: member.id })
    const history = await staffHistory(member.id)
    expect(history.map((entry) => entry.action)).toEqual(['staff.deactivated'])
  })
})
