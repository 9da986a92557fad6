import { describe, expect, it } from 'vitest'
import { clinicClock, onClinicClock, wallClockNow } from './clinic-clock'

describe('the synthetic clinic on its own clock', () => {
  it('turns a wall-clock time into the instant it names in the clinic zone', () => {
    const denver = clinicClock('America/Denver')
    expect(denver(new Date('2026-12-07T08:30:00Z')).toISOString()).toBe('2026-12-07T15:30:00.000Z')
    // Summer time: 6 hours behind UTC in July.
    expect(denver(new Date('2026-07-07T08:30:00Z')).toISOString()).toBe('2026-07-07T14:30:00.000Z')
    const auckland = clinicClock('Pacific/Auckland')
    expect(auckland(new Date('2026-12-07T08:30:00Z')).toISOString()).toBe(
      '2026-12-06T19:30:00.000Z',
    )
    expect(clinicClock('UTC')(new Date('2026-12-07T08:30:00Z')).toISOString()).toBe(
      '2026-12-07T08:30:00.000Z',
    )
  })

  it('keeps times on either side of a change of the clocks right', () => {
    const denver = clinicClock('America/Denver')
    // 8 Mar 2026: 01:30 MST, then 03:30 MDT.
    expect(denver(new Date('2026-03-08T01:30:00Z')).toISOString()).toBe('2026-03-08T08:30:00.000Z')
    expect(denver(new Date('2026-03-08T03:30:00Z')).toISOString()).toBe('2026-03-08T09:30:00.000Z')
  })

  it('moves every Date of a row and nothing else', () => {
    const row = { id: 'x', on: '2026-12-07', at: new Date('2026-12-07T08:30:00Z'), none: null }
    expect(onClinicClock(row, clinicClock('America/Denver'))).toEqual({
      ...row,
      at: new Date('2026-12-07T15:30:00Z'),
    })
  })

  it("reads now on the clinic's wall clock", () => {
    expect(wallClockNow(new Date('2026-12-06T02:10:00Z'), 'Pacific/Auckland').toISOString()).toBe(
      '2026-12-06T15:10:00.000Z',
    )
    expect(wallClockNow(new Date('2026-12-06T02:10:00Z'), 'America/Denver').toISOString()).toBe(
      '2026-12-05T19:10:00.000Z',
    )
  })
})
