import { describe, expect, it } from 'vitest'
import { hasProcedureFilters, parseProcedureListParams, procedureListQuery } from './list-params'

const physician = '0b9c3a52-6f1e-4f2a-9d7e-2f8a1c4b5e6d'

describe('procedure list URL state', () => {
  it('has defaults: the Upcoming view, soonest first, 25 a page', () => {
    expect(parseProcedureListParams({})).toEqual({
      view: 'upcoming',
      sort: 'scheduled',
      dir: 'asc',
      page: 1,
      size: 25,
    })
  })

  it('gives each view its own default order', () => {
    expect(parseProcedureListParams({ view: 'today' })).toMatchObject({
      sort: 'scheduled',
      dir: 'asc',
    })
    expect(parseProcedureListParams({ view: 'completed' })).toMatchObject({
      sort: 'performed',
      dir: 'desc',
    })
    expect(parseProcedureListParams({ view: 'cancelled' })).toMatchObject({
      sort: 'scheduled',
      dir: 'desc',
    })
  })

  it('reads every parameter and ignores what it cannot read', () => {
    expect(
      parseProcedureListParams({
        view: 'completed',
        type: 'kyphoplasty',
        physician: 'not-a-uuid',
        disposition: 'overnight',
        sort: 'patient',
        dir: 'desc',
        page: '3',
        size: '33',
      }),
    ).toEqual({
      view: 'completed',
      type: 'kyphoplasty',
      disposition: 'overnight',
      sort: 'patient',
      dir: 'desc',
      page: 3,
      size: 25,
    })
    expect(
      parseProcedureListParams({
        view: 'someday',
        type: 'fusion',
        physician: [physician, 'x'],
        disposition: 'home',
        sort: 'cost',
        dir: 'up',
        page: '-1',
        size: '100',
      }),
    ).toEqual({ view: 'upcoming', physician, sort: 'scheduled', dir: 'asc', page: 1, size: 100 })
  })

  it('sorts by performed time only in the Completed view', () => {
    expect(parseProcedureListParams({ view: 'upcoming', sort: 'performed' })).toMatchObject({
      sort: 'scheduled',
      dir: 'asc',
    })
    expect(
      parseProcedureListParams({ view: 'completed', sort: 'performed', dir: 'asc' }),
    ).toMatchObject({ sort: 'performed', dir: 'asc' })
    // A sort without a direction is ascending.
    expect(parseProcedureListParams({ view: 'cancelled', sort: 'type' })).toMatchObject({
      sort: 'type',
      dir: 'asc',
    })
  })

  it('round-trips through the query string without the view defaults', () => {
    const state = parseProcedureListParams({
      view: 'completed',
      disposition: 'same_day',
      physician,
      sort: 'physician',
      dir: 'asc',
      size: '50',
      page: '2',
    })
    const query = procedureListQuery(state)
    expect(query).toBe(
      `?view=completed&physician=${physician}&disposition=same_day&page=2&size=50&sort=physician&dir=asc`,
    )
    expect(parseProcedureListParams(Object.fromEntries(new URLSearchParams(query)))).toEqual(state)
    expect(procedureListQuery(parseProcedureListParams({}))).toBe('')
    expect(procedureListQuery(parseProcedureListParams({ view: 'completed' }))).toBe(
      '?view=completed',
    )
    // The default sort in the other direction keeps both.
    const reversed = parseProcedureListParams({ view: 'completed', sort: 'performed', dir: 'asc' })
    expect(procedureListQuery(reversed)).toBe('?view=completed&sort=performed&dir=asc')
  })

  it('tells filters apart from the view and the order', () => {
    expect(hasProcedureFilters(parseProcedureListParams({ view: 'today', sort: 'type' }))).toBe(
      false,
    )
    expect(hasProcedureFilters(parseProcedureListParams({ type: 'vertebroplasty' }))).toBe(true)
  })
})
