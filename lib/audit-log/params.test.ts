import { describe, expect, it } from 'vitest'
import {
  auditFiltersOf,
  auditLogQuery,
  hasAuditFilters,
  occurredBounds,
  parseAuditLogParams,
} from './params'

const memberId = '3f2b8c1e-5a6d-4e7f-9a0b-1c2d3e4f5a6b'

describe('audit log URL state', () => {
  it('has defaults: no filters, first page, 50 a page', () => {
    expect(parseAuditLogParams({})).toEqual({ page: 1, size: 50 })
  })

  it('reads every parameter', () => {
    expect(
      parseAuditLogParams({
        user: memberId,
        email: '  Someone@Example.ORG ',
        action: 'auth.sign_in',
        entity: 'patient',
        entityId: ' 8c1e-xyz ',
        from: '2026-01-01',
        to: '2026-01-31',
        page: '3',
        size: '100',
      }),
    ).toEqual({
      user: memberId,
      email: 'someone@example.org',
      action: 'auth.sign_in',
      entity: 'patient',
      entityId: '8c1e-xyz',
      from: '2026-01-01',
      to: '2026-01-31',
      page: 3,
      size: 100,
    })
    expect(parseAuditLogParams({ user: 'none' }).user).toBe('none')
    expect(parseAuditLogParams({ action: 'audit.export' }).action).toBe('audit.export')
  })

  it.each([
    ['user', 'not-a-uuid'],
    ['user', "' or 1=1 --"],
    ['user', memberId.toUpperCase() + 'x'],
    ['email', 'a'.repeat(255)],
    ['email', 'evil\u202e@example.org'],
    ['email', 'line\nbreak@example.org'],
    ['email', '   '],
    ['action', 'auth.sign_in; drop table audit_log'],
    ['action', 'AUTH.SIGN_IN'],
    ['action', 'constructor'],
    ['action', '__proto__'],
    ['entity', 'Patient'],
    ['entity', 'patient%'],
    ['entity', "patient' or '1'='1"],
    ['entity', 'x'.repeat(41)],
    ['entityId', 'x'.repeat(201)],
    ['entityId', 'abc\u0000def'],
    ['from', '2026-02-30'],
    ['from', '26-01-01'],
    ['from', '1969-12-31'],
    ['from', '0000-01-01'],
    ['to', '10000-01-01'],
    ['to', '2026-01-01T00:00:00Z'],
    ['to', 'yesterday'],
  ])('drops an unreadable %s (%j) instead of failing', (key, value) => {
    const parsed = parseAuditLogParams({ [key]: value }) as Record<string, unknown>
    expect(parsed[key]).toBeUndefined()
    expect(parsed).toEqual({ page: 1, size: 50 })
  })

  it.each([
    ['page', '0', 1],
    ['page', '-4', 1],
    ['page', '2.5', 1],
    ['page', 'abc', 1],
    ['page', '1e9', 1],
    ['page', '100001', 1],
    ['size', '33', 50],
    ['size', '1000000', 50],
    ['size', '-25', 50],
    ['size', 'all', 50],
  ])('falls back to the default for a bad %s (%j)', (key, value, expected) => {
    expect((parseAuditLogParams({ [key]: value }) as Record<string, unknown>)[key]).toBe(expected)
  })

  it('takes the first of repeated keys and ignores unknown ones', () => {
    expect(
      parseAuditLogParams({ action: ['auth.sign_out', 'auth.sign_in'], sort: 'id', x: 'y' }),
    ).toEqual({ action: 'auth.sign_out', page: 1, size: 50 })
  })

  it('swaps a date range typed backwards', () => {
    const parsed = parseAuditLogParams({ from: '2026-03-10', to: '2026-03-01' })
    expect([parsed.from, parsed.to]).toEqual(['2026-03-01', '2026-03-10'])
  })

  it('round-trips through the query string without the defaults', () => {
    const state = parseAuditLogParams({
      user: memberId,
      action: 'patient.view',
      from: '2026-01-01',
      page: '2',
      size: '25',
    })
    const query = auditLogQuery(state)
    expect(query).toBe(`?user=${memberId}&action=patient.view&from=2026-01-01&page=2&size=25`)
    expect(parseAuditLogParams(Object.fromEntries(new URLSearchParams(query)))).toEqual(state)
    expect(auditLogQuery(parseAuditLogParams({}))).toBe('')
  })

  it('separates the filters from paging', () => {
    const state = parseAuditLogParams({ entity: 'staff', page: '4', size: '100' })
    expect(auditFiltersOf(state)).toEqual({ entity: 'staff' })
    expect(hasAuditFilters(auditFiltersOf(state))).toBe(true)
    expect(hasAuditFilters(auditFiltersOf(parseAuditLogParams({ page: '2' })))).toBe(false)
  })
})

describe('occurredBounds', () => {
  it("covers whole days, both included, in the clinic's time zone", () => {
    const { since, before } = occurredBounds(
      { from: '2026-01-05', to: '2026-01-06' },
      'America/New_York',
    )
    expect(since?.toISOString()).toBe('2026-01-05T05:00:00.000Z')
    expect(before?.toISOString()).toBe('2026-01-07T05:00:00.000Z')
  })

  it('keeps a daylight-saving day whole (23 hours)', () => {
    const { since, before } = occurredBounds(
      { from: '2026-03-08', to: '2026-03-08' },
      'America/New_York',
    )
    expect(since?.toISOString()).toBe('2026-03-08T05:00:00.000Z')
    expect(before?.toISOString()).toBe('2026-03-09T04:00:00.000Z')
  })

  it("reads the days in the zone it is given, not the server's", () => {
    const { since } = occurredBounds({ from: '2026-12-07' }, 'Pacific/Auckland')
    expect(since?.toISOString()).toBe('2026-12-06T11:00:00.000Z')
  })

  it('leaves an open end open', () => {
    expect(occurredBounds({}, 'UTC')).toEqual({ since: undefined, before: undefined })
  })
})
