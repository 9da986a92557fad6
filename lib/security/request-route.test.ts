import { describe, expect, it } from 'vitest'
import { refusalTargetOf, requestRouteOf } from './request-route'

const ID = '0b9a3c1e-5d7f-4a2b-9c8d-1e2f3a4b5c6d'

describe('refusalTargetOf', () => {
  it('names the record a path is about', () => {
    expect(refusalTargetOf(requestRouteOf('GET', `/candidates/${ID}`), null)).toEqual({
      entityType: 'patient',
      entityId: ID,
    })
    expect(refusalTargetOf(`POST /candidates/${ID.toUpperCase()}/edit`, 'abc')).toEqual({
      entityType: 'patient',
      entityId: ID,
    })
    expect(refusalTargetOf(`GET /admin/staff/${ID}`, null)).toEqual({
      entityType: 'staff',
      entityId: ID,
    })
  })

  it('otherwise the server action by id, or the page', () => {
    expect(refusalTargetOf('POST /admin/staff', 'abc123')).toEqual({
      entityType: 'action',
      entityId: 'abc123',
    })
    expect(refusalTargetOf('GET /admin/audit/export', null)).toEqual({
      entityType: 'page',
      entityId: '/admin/audit/export',
    })
    expect(refusalTargetOf(null, null)).toEqual({ entityType: 'page', entityId: null })
    expect(refusalTargetOf('GET /candidates/not-a-uuid', null)).toEqual({
      entityType: 'page',
      entityId: '/candidates/not-a-uuid',
    })
  })
})
