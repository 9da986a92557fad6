import { describe, expect, it } from 'vitest'
import { cptCodes, lengthOfStay } from './rules'

const codes = (...args: Parameters<typeof cptCodes>) =>
  cptCodes(...args).map((line) => (line.units > 1 ? `${line.code}×${line.units}` : line.code))

describe('cptCodes', () => {
  it('codes one vertebroplasty level by region', () => {
    expect(codes('vertebroplasty', ['T12'])).toEqual(['22510'])
    expect(codes('vertebroplasty', ['L1'])).toEqual(['22511'])
    expect(codes('vertebroplasty', ['S1'])).toEqual(['22511'])
  })

  it('codes one kyphoplasty level by region', () => {
    expect(codes('kyphoplasty', ['T8'])).toEqual(['22513'])
    expect(codes('kyphoplasty', ['L4'])).toEqual(['22514'])
  })

  it('adds one add-on unit per additional level, the first level deciding the primary code', () => {
    expect(codes('vertebroplasty', ['T12', 'L1'])).toEqual(['22510', '+22512'])
    expect(codes('kyphoplasty', ['T11', 'T12', 'L1'])).toEqual(['22513', '+22515×2'])
    expect(codes('kyphoplasty', ['L1', 'L2'])).toEqual(['22514', '+22515'])
  })

  it('codes nothing without a treated level', () => {
    expect(cptCodes('kyphoplasty', [])).toEqual([])
  })
})

describe('lengthOfStay', () => {
  const performed = new Date('2026-12-07T15:30:00Z')
  const after = (minutes: number) => new Date(performed.getTime() + minutes * 60_000)

  it('reads in minutes, hours and days, and is empty until discharge', () => {
    expect(lengthOfStay(performed, null)).toBeNull()
    expect(lengthOfStay(performed, after(45))).toBe('45 min')
    expect(lengthOfStay(performed, after(180))).toBe('3 h')
    expect(lengthOfStay(performed, after(200))).toBe('3 h 20 min')
    expect(lengthOfStay(performed, after(17 * 60 + 40))).toBe('17 h 40 min')
    expect(lengthOfStay(performed, after(24 * 60))).toBe('1 day')
    expect(lengthOfStay(performed, after(26 * 60 + 10))).toBe('1 day 2 h')
    expect(lengthOfStay(performed, after(3 * 24 * 60))).toBe('3 days')
  })

  it('counts real elapsed time across a change of the clocks', () => {
    // Denver falls back on 1 Nov 2026: 18:00 to 08:00 on the wall clock is 15 hours.
    expect(lengthOfStay(new Date('2026-11-01T00:00:00Z'), new Date('2026-11-01T15:00:00Z'))).toBe(
      '15 h',
    )
  })
})
