import { describe, expect, it } from 'vitest'
import { cptCodes } from './rules'

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
