import { describe, expect, it } from 'vitest'
import { hasOutcomeFilters, outcomeQuery, parseOutcomeParams } from './params'

const PHYSICIAN = '0b7c6a52-7a4e-4f3e-9d1c-2f0f1f1a2b3c'

describe('parseOutcomeParams', () => {
  it('defaults to every completed procedure, responders at 1 month', () => {
    expect(parseOutcomeParams({})).toEqual({
      from: undefined,
      to: undefined,
      type: undefined,
      physicianId: undefined,
      etiology: undefined,
      timepoint: 'm1',
    })
  })

  it('reads every filter from the URL', () => {
    expect(
      parseOutcomeParams({
        from: '2026-01-01',
        to: '2026-06-30',
        type: 'kyphoplasty',
        physician: PHYSICIAN,
        etiology: 'osteoporotic',
        timepoint: 'm12',
      }),
    ).toEqual({
      from: '2026-01-01',
      to: '2026-06-30',
      type: 'kyphoplasty',
      physicianId: PHYSICIAN,
      etiology: 'osteoporotic',
      timepoint: 'm12',
    })
  })

  it('drops what it cannot read instead of failing the page', () => {
    expect(
      parseOutcomeParams({
        from: '2026-02-30',
        to: "'; drop table patients; --",
        type: 'surgery',
        physician: 'not-a-uuid',
        etiology: ['osteoporotic', 'traumatic'],
        timepoint: 'baseline',
      }),
    ).toEqual({
      from: undefined,
      to: undefined,
      type: undefined,
      physicianId: undefined,
      etiology: 'osteoporotic',
      // Baseline is what the responder rule compares against, never the timepoint itself.
      timepoint: 'm1',
    })
  })

  it('reads a range typed backwards as the range meant', () => {
    expect(parseOutcomeParams({ from: '2026-06-30', to: '2026-01-01' })).toMatchObject({
      from: '2026-01-01',
      to: '2026-06-30',
    })
  })
})

describe('outcomeQuery', () => {
  it('writes the filters back as the URL reads them, leaving out the default timepoint', () => {
    const filters = parseOutcomeParams({ type: 'vertebroplasty', physician: PHYSICIAN })
    expect(outcomeQuery(filters)).toBe(`?type=vertebroplasty&physician=${PHYSICIAN}`)
    expect(
      parseOutcomeParams(Object.fromEntries(new URLSearchParams(outcomeQuery(filters)))),
    ).toEqual(filters)
    expect(outcomeQuery({ timepoint: 'm3' })).toBe('?timepoint=m3')
    expect(outcomeQuery(parseOutcomeParams({}))).toBe('')
  })
})

describe('hasOutcomeFilters', () => {
  it('counts what narrows the procedures, not the timepoint', () => {
    expect(hasOutcomeFilters({ timepoint: 'm6' })).toBe(false)
    expect(hasOutcomeFilters({ etiology: 'traumatic' })).toBe(true)
    expect(hasOutcomeFilters({ from: '2026-01-01' })).toBe(true)
  })
})
