import { describe, expect, it } from 'vitest'
import { candidateListQuery, parseCandidateListParams, searchTerms } from './list-params'

describe('candidate list URL state', () => {
  it('has defaults: newest referrals first, 25 a page', () => {
    expect(parseCandidateListParams({})).toEqual({
      sort: 'referralDate',
      dir: 'desc',
      page: 1,
      size: 25,
    })
  })

  it('reads every parameter and ignores what it cannot read', () => {
    expect(
      parseCandidateListParams({
        q: ' smith ',
        status: 'evaluation',
        etiology: 'nonsense',
        procedure: 'kyphoplasty',
        physician: 'not-a-uuid',
        sort: 'age',
        dir: 'asc',
        page: '3',
        size: '33',
      }),
    ).toEqual({
      q: 'smith',
      status: 'evaluation',
      procedure: 'kyphoplasty',
      sort: 'age',
      dir: 'asc',
      page: 3,
      size: 25,
    })
  })

  it('round-trips through the query string without the defaults', () => {
    const state = parseCandidateListParams({
      status: 'imaging',
      sort: 'name',
      dir: 'asc',
      size: '50',
      page: '2',
    })
    const query = candidateListQuery(state)
    expect(query).toBe('?status=imaging&sort=name&dir=asc&page=2&size=50')
    expect(parseCandidateListParams(Object.fromEntries(new URLSearchParams(query)))).toEqual(state)
    expect(candidateListQuery(parseCandidateListParams({}))).toBe('')
  })
})

describe('searchTerms', () => {
  it('splits on spaces and commas and drops LIKE wildcards', () => {
    expect(searchTerms('Smith, Ada')).toEqual(['Smith', 'Ada'])
    expect(searchTerms('50%_')).toEqual(['50'])
    expect(searchTerms("o'brien")).toEqual(["o'brien"])
    expect(searchTerms(undefined)).toEqual([])
  })
})
