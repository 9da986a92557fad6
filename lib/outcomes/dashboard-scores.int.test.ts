import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { ProcedureType } from '@/db/schema'
import type { OutcomeFilters } from './filters'
import type { ScoreSeries } from './summaries'
import { charts, resolve, round3, seedOutcomeFixture } from './testing/dashboard-fixture'

vi.mock('@/lib/auth', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)

beforeAll(seedOutcomeFixture)

/** [type, n, responders] per type shown. */
async function efficacy(filters: OutcomeFilters) {
  const result = (await charts(filters)).efficacy
  return result.types.map((t) => [t.type, t.n, t.responders])
}

describe('efficacy', () => {
  it('counts responders at 1 month among procedures with baseline and 1 month', async () => {
    const result = (await charts()).efficacy
    expect(result.timepoint).toBe('m1')
    expect(result.n).toBe(5)
    const [vp, kp] = result.types
    // V1 and V2 (exactly −2 points, 33 %) respond; V3 (−2 but 20 %) does not.
    expect(vp).toMatchObject({ type: 'vertebroplasty', n: 3, responders: 2 })
    expect(vp!.rate).toBeCloseTo(2 / 3, 10)
    expect(vp!.interval!.low).toBeCloseTo(0.208, 3)
    expect(vp!.interval!.high).toBeCloseTo(0.939, 3)
    // Drops 4, 2, 2: mean 2.667, s = 1.155, ± t(2) · s / √3 (t(2) = 4.30265).
    expect(vp!.improvement!.mean).toBeCloseTo(2.667, 3)
    expect(vp!.improvement!.low).toBeCloseTo(-0.202, 3)
    expect(vp!.improvement!.high).toBeCloseTo(5.535, 3)
    // K3 has no 1-month assessment, so only K1 (responder) and K2 (−1 point) count.
    expect(kp).toMatchObject({ type: 'kyphoplasty', n: 2, responders: 1, rate: 0.5 })
    expect(kp!.interval!.low).toBeCloseTo(0.095, 3)
    expect(kp!.interval!.high).toBeCloseTo(0.905, 3)
    expect(kp!.improvement).toEqual({ mean: 4, low: expect.any(Number), high: expect.any(Number) })
    expect(kp!.improvement!.low).toBeCloseTo(-34.119, 3)
  })

  it('reads the chosen timepoint', async () => {
    // 3 months: V3 falls exactly 30 % (10 → 7) and responds; V2 (6 → 5) does not; K2 is missing.
    expect(await efficacy({ timepoint: 'm3' })).toEqual([
      ['vertebroplasty', 3, 2],
      ['kyphoplasty', 2, 2],
    ])
    const m3 = (await charts({ timepoint: 'm3' })).efficacy
    expect(m3.types[1]!.rate).toBe(1)
    expect(m3.types[1]!.interval!.low).toBeCloseTo(0.342, 3)
    expect(m3.types[1]!.interval!.high).toBe(1)
    // 7 days: only V1 was assessed (8 → 5); kyphoplasty shows its empty state.
    const d7 = (await charts({ timepoint: 'd7' })).efficacy
    expect(d7.n).toBe(1)
    expect(d7.types[0]).toMatchObject({ n: 1, responders: 1, rate: 1 })
    expect(d7.types[0]!.improvement).toEqual({ mean: 3, low: null, high: null })
    expect(d7.types[1]).toEqual({
      type: 'kyphoplasty',
      n: 0,
      responders: 0,
      rate: null,
      interval: null,
      improvement: null,
    })
  })

  it.each([
    ['type', { type: 'kyphoplasty' }, [['kyphoplasty', 2, 1]]],
    [
      'physician A (V1, V3, K1)',
      { physician: 'A' },
      [
        ['vertebroplasty', 2, 1],
        ['kyphoplasty', 1, 1],
      ],
    ],
    [
      'etiology osteoporotic (V1, V2, K1)',
      { etiology: 'osteoporotic' },
      [
        ['vertebroplasty', 2, 2],
        ['kyphoplasty', 1, 1],
      ],
    ],
    [
      'dates 03-20 to 04-10 inclusive (V2, V3, K2)',
      { from: '2031-03-20', to: '2031-04-10' },
      [
        ['vertebroplasty', 2, 1],
        ['kyphoplasty', 1, 0],
      ],
    ],
  ] as const)('filters by %s', async (_, filter, expected) => {
    expect(await efficacy(await resolve(filter))).toEqual(expected)
  })
})

/** [timepoint, n, mean, low, high] for the points with data, rounded to 3 decimals. */
const points = (series: ScoreSeries, type: ProcedureType) =>
  series.types
    .find((t) => t.type === type)!
    .points.filter((p) => p.n > 0)
    .map((p) => [p.timepoint, p.n, ...[p.mean, p.low, p.high].map(round3)])

describe('pain and ODI over time', () => {
  it('gives the mean pain and its t interval at each timepoint by type', async () => {
    const pain = (await charts()).pain
    // 3 + 1 + 3 + 3 vertebroplasty, 3 + 2 + 2 kyphoplasty assessments.
    expect(pain.n).toBe(17)
    expect(points(pain, 'vertebroplasty')).toEqual([
      ['baseline', 3, 8, 3.032, 12.968],
      ['d7', 1, 5, null, null],
      ['m1', 3, 5.333, -0.404, 11.07],
      ['m3', 3, 5, 0.032, 9.968],
    ])
    expect(points(pain, 'kyphoplasty')).toEqual([
      ['baseline', 3, 8, 5.516, 10.484],
      ['m1', 2, 4, -21.412, 29.412],
      ['m3', 2, 2, -10.706, 14.706],
    ])
    // Every timepoint is listed, empty ones as n = 0 for the chart's gaps.
    const kp = pain.types.find((t) => t.type === 'kyphoplasty')!
    expect(kp.points.map((p) => p.timepoint)).toEqual([
      'baseline',
      'h48',
      'd7',
      'm1',
      'm3',
      'm6',
      'm12',
    ])
    expect(kp.points[1]).toEqual({ timepoint: 'h48', n: 0, mean: null, low: null, high: null })
  })

  it('gives the mean ODI, skipping assessments without one', async () => {
    const odi = (await charts()).odi
    // V2's 3-month assessment has pain but no ODI.
    expect(odi.n).toBe(16)
    expect(points(odi, 'vertebroplasty')).toEqual([
      ['baseline', 3, 60, 35.159, 84.841],
      ['d7', 1, 50, null, null],
      ['m1', 3, 44.667, 32.163, 57.17],
      ['m3', 2, 35, -28.531, 98.531],
    ])
    expect(points(odi, 'kyphoplasty')).toEqual([
      ['baseline', 3, 63.333, 45.885, 80.781],
      ['m1', 2, 45, -145.593, 235.593],
      ['m3', 2, 23, -15.119, 61.119],
    ])
  })

  it('applies every filter', async () => {
    const byType = (await charts({ type: 'vertebroplasty' })).pain
    expect(byType.types.map((t) => [t.type, t.n])).toEqual([['vertebroplasty', 10]])
    // Physician B: V2 (6, 4, 5), K2 (7, 6), K3 (8, 3).
    const b = (await charts(await resolve({ physician: 'B' }))).pain
    expect(points(b, 'vertebroplasty').map((p) => p.slice(0, 3))).toEqual([
      ['baseline', 1, 6],
      ['m1', 1, 4],
      ['m3', 1, 5],
    ])
    expect(points(b, 'kyphoplasty').map((p) => p.slice(0, 3))).toEqual([
      ['baseline', 2, 7.5],
      ['m1', 1, 6],
      ['m3', 1, 3],
    ])
    // Myeloma: V3 alone.
    const myeloma = (await charts({ etiology: 'multiple_myeloma' })).odi
    expect(myeloma.n).toBe(3)
    expect(points(myeloma, 'vertebroplasty').map((p) => p.slice(0, 3))).toEqual([
      ['baseline', 1, 70],
      ['m1', 1, 50],
      ['m3', 1, 40],
    ])
    // April: V3, K2, K3.
    const april = (await charts({ from: '2031-04-01', to: '2031-04-30' })).pain
    expect(april.types.map((t) => [t.type, t.n])).toEqual([
      ['vertebroplasty', 3],
      ['kyphoplasty', 4],
    ])
  })
})
