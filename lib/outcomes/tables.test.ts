import { describe, expect, it } from 'vitest'
import type { Benchmark } from './queries'
import { benchmarkScore, cellText, findBenchmark } from './tables'

const evolve = (measure: string, timepoint: Benchmark['timepoint'], value: number): Benchmark => ({
  source: 'EVOLVE',
  procedureType: 'kyphoplasty',
  measure,
  timepoint,
  value,
  note: null,
})
const BENCHMARKS: Benchmark[] = [
  evolve('nrs_baseline', 'baseline', 8.7),
  evolve('nrs_improvement', 'm1', 5.4),
  {
    source: 'ACS NSQIP',
    procedureType: null,
    measure: 'same_day_discharge_rate',
    timepoint: null,
    value: 0.611,
    note: null,
  },
]

describe('cellText', () => {
  it('renders a cell the same way for the table and the CSV', () => {
    expect(cellText({ value: 66.66666, digits: 1 })).toBe('66.7')
    expect(cellText({ value: -0.2019, digits: 2 })).toBe('-0.20')
    expect(cellText({ value: 3, digits: 0 })).toBe('3')
    expect(cellText('Kyphoplasty')).toBe('Kyphoplasty')
    expect(cellText(null)).toBe('')
  })
})

describe('benchmarks', () => {
  it('finds a value by measure, type and timepoint', () => {
    expect(findBenchmark(BENCHMARKS, 'same_day_discharge_rate', null)?.value).toBe(0.611)
    expect(findBenchmark(BENCHMARKS, 'same_day_discharge_rate', 'kyphoplasty')).toBeUndefined()
  })

  it('turns a reported improvement into a mean score: baseline minus improvement', () => {
    expect(benchmarkScore(BENCHMARKS, 'nrs', 'kyphoplasty', 'baseline')).toEqual({
      value: 8.7,
      source: 'EVOLVE',
    })
    expect(benchmarkScore(BENCHMARKS, 'nrs', 'kyphoplasty', 'm1')?.value).toBeCloseTo(3.3, 10)
    // Not reported: no point rather than a made-up one.
    expect(benchmarkScore(BENCHMARKS, 'nrs', 'kyphoplasty', 'h48')).toBeUndefined()
    expect(benchmarkScore(BENCHMARKS, 'nrs', 'vertebroplasty', 'baseline')).toBeUndefined()
    expect(benchmarkScore(BENCHMARKS, 'odi', 'kyphoplasty', 'baseline')).toBeUndefined()
  })
})
