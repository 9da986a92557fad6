import { describe, expect, it } from 'vitest'
import { parseStaffListParams, staffListQuery } from './list-params'

describe('parseStaffListParams', () => {
  it('defaults to everyone by name, 25 a page', () => {
    expect(parseStaffListParams({})).toEqual({ sort: 'name', dir: 'asc', page: 1, size: 25 })
  })

  it('reads filters, sort and paging, taking the first of repeated keys', () => {
    expect(
      parseStaffListParams({
        q: '  lee ',
        role: ['physician', 'admin'],
        status: 'locked',
        sort: 'lastLoginAt',
        dir: 'desc',
        page: '3',
        size: '50',
      }),
    ).toEqual({
      q: 'lee',
      role: 'physician',
      status: 'locked',
      sort: 'lastLoginAt',
      dir: 'desc',
      page: 3,
      size: 50,
    })
  })

  it('falls back to defaults for anything unreadable', () => {
    expect(
      parseStaffListParams({
        role: 'owner',
        status: 'gone',
        sort: 'password',
        page: '-2',
        size: '7',
      }),
    ).toEqual({ sort: 'name', dir: 'asc', page: 1, size: 25 })
  })
})

describe('staffListQuery', () => {
  it('leaves defaults out of the URL', () => {
    expect(staffListQuery({ sort: 'name', dir: 'asc', page: 1, size: 25 })).toBe('')
    expect(staffListQuery({ role: 'admin', sort: 'email', page: 2 })).toBe(
      '?role=admin&sort=email&page=2',
    )
  })
})
