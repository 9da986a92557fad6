import { describe, expect, it } from 'vitest'
import { genantGrade, isBelowVcfThreshold } from './rules'

describe('genantGrade', () => {
  it.each([
    [0, 0],
    [14.99, 0],
    [19.99, 0],
    [20, 1],
    [25, 1],
    [25.01, 2],
    [40, 2],
    [40.01, 3],
    [100, 3],
  ])('%s %% height loss is grade %s', (loss, grade) => {
    expect(genantGrade(loss)).toBe(grade)
  })
})

describe('VCF threshold', () => {
  it('flags a loss under 15 % and accepts 15 % as a fracture', () => {
    expect(isBelowVcfThreshold(14.9)).toBe(true)
    expect(isBelowVcfThreshold(15)).toBe(false)
  })
})
