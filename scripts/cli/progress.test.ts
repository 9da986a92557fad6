import { expect, it } from 'vitest'
import { progressLine } from './progress'

it('draws the share, the counts, the rate and the time left', () => {
  expect(progressLine('patients', 250_000, 1_000_000, 10_000)).toBe(
    '[######..................]  25% 250,000 / 1,000,000 patients · 25,000/s · 30s left',
  )
  expect(progressLine('patients', 100_000, 1_000_000, 10_000)).toContain('1m 30s left')
  expect(progressLine('patients', 10, 10, 2_000)).toBe(
    '[########################] 100% 10 / 10 patients · 5/s',
  )
})
