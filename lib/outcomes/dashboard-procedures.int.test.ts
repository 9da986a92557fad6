import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { AdverseEventSummary, MonthlyVolume } from './summaries'
import { charts, resolve, round3, seedOutcomeFixture } from './testing/dashboard-fixture'

vi.mock('@/lib/auth', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)

beforeAll(seedOutcomeFixture)

describe('kyphotic angle correction', () => {
  it('gives mean correction, interval and 2° histogram over levels with both angles', async () => {
    const result = (await charts()).kyphosis
    expect(result.n).toBe(6)
    expect(result.binDeg).toBe(2)
    const [vp, kp] = result.types
    // 1.5, 2.0, −0.5 (V3 lost half a degree); V2's L1 has no angles.
    expect(vp!.n).toBe(3)
    expect(round3(vp!.correction!.mean)).toBe(1)
    expect(vp!.correction!.low).toBeCloseTo(-2.286, 3)
    expect(vp!.correction!.high).toBeCloseTo(4.286, 3)
    expect(vp!.histogram).toEqual([
      { fromDeg: -2, toDeg: 0, n: 1 },
      { fromDeg: 0, toDeg: 2, n: 1 },
      { fromDeg: 2, toDeg: 4, n: 1 },
    ])
    // 6.0, 4.5, 5.0; K3's L3 has no angle after.
    expect(kp!.n).toBe(3)
    expect(kp!.correction!.mean).toBeCloseTo(5.167, 3)
    expect(kp!.correction!.low).toBeCloseTo(3.269, 3)
    expect(kp!.correction!.high).toBeCloseTo(7.064, 3)
    expect(kp!.histogram).toEqual([
      { fromDeg: 4, toDeg: 6, n: 2 },
      { fromDeg: 6, toDeg: 8, n: 1 },
    ])
  })

  it('applies every filter and shows an empty state', async () => {
    const a = (await charts(await resolve({ physician: 'A' }))).kyphosis
    expect(a.types.map((t) => [t.type, t.n, round3(t.correction?.mean ?? null)])).toEqual([
      ['vertebroplasty', 2, 0.5],
      ['kyphoplasty', 2, 5.25],
    ])
    const kp = (await charts({ type: 'kyphoplasty' })).kyphosis
    expect(kp.types.map((t) => [t.type, t.n])).toEqual([['kyphoplasty', 3]])
    const traumatic = (await charts({ etiology: 'traumatic' })).kyphosis
    expect(traumatic.types.map((t) => [t.type, t.n, t.correction])).toEqual([
      ['vertebroplasty', 0, null],
      ['kyphoplasty', 1, { mean: 5, low: null, high: null }],
    ])
    const march = (await charts({ to: '2031-03-31' })).kyphosis
    expect(march.types.map((t) => [t.type, t.n])).toEqual([
      ['vertebroplasty', 2],
      ['kyphoplasty', 2],
    ])
    const none = (await charts({ from: '2032-01-01' })).kyphosis
    expect(none.n).toBe(0)
    expect(none.types[0]).toEqual({
      type: 'vertebroplasty',
      n: 0,
      correction: null,
      histogram: [],
    })
  })
})

describe('disposition', () => {
  it('counts same-day and overnight by month and type, and the overnight reasons', async () => {
    const result = (await charts()).disposition
    expect(result).toMatchObject({ n: 6, sameDay: 3, overnight: 3, sameDayRate: 0.5 })
    expect(result.sameDayInterval!.low).toBeCloseTo(0.188, 3)
    expect(result.sameDayInterval!.high).toBeCloseTo(0.812, 3)
    expect(result.byMonth.map((m) => [m.month, m.n, m.sameDay, m.overnight])).toEqual([
      ['2031-03', 3, 2, 1],
      ['2031-04', 3, 1, 2],
    ])
    expect(result.byType.map((t) => [t.type, t.n, t.sameDay, t.overnight])).toEqual([
      ['vertebroplasty', 3, 2, 1],
      ['kyphoplasty', 3, 1, 2],
    ])
    expect(result.overnightReasons.filter((r) => r.n > 0)).toEqual([
      { reason: 'pain_control', n: 2, byType: { vertebroplasty: 1, kyphoplasty: 1 } },
      { reason: 'anesthesia_recovery', n: 1, byType: { vertebroplasty: 0, kyphoplasty: 1 } },
    ])
    expect(result.overnightReasons).toHaveLength(8)
  })

  it('applies every filter', async () => {
    const a = (await charts(await resolve({ physician: 'A' }))).disposition
    expect([a.n, a.sameDay, a.overnight]).toEqual([3, 3, 0])
    const kp = (await charts({ type: 'kyphoplasty' })).disposition
    expect(kp.byType.map((t) => [t.type, t.n, t.sameDay])).toEqual([['kyphoplasty', 3, 1]])
    expect(kp.byMonth.map((m) => [m.month, m.n])).toEqual([
      ['2031-03', 1],
      ['2031-04', 2],
    ])
    const tumor = (await charts({ etiology: 'metastatic_tumor' })).disposition
    expect([tumor.n, tumor.overnight]).toEqual([1, 1])
    const range = (await charts({ from: '2031-03-20', to: '2031-04-10' })).disposition
    expect(range.byMonth.map((m) => [m.month, m.n, m.sameDay])).toEqual([
      ['2031-03', 1, 0],
      ['2031-04', 2, 1],
    ])
    const none = (await charts({ etiology: 'steroid_induced_osteoporosis' })).disposition
    expect(none).toMatchObject({ n: 0, sameDayRate: null, sameDayInterval: null, byMonth: [] })
  })
})

describe('adverse events', () => {
  it('gives events per procedure by category and type, cement leakage apart', async () => {
    const result = (await charts()).adverseEvents
    expect(result.n).toBe(6)
    const [vp, kp] = result.types
    expect(vp!.n).toBe(3)
    // V1's two leakages: two events on one procedure.
    expect(vp!.cementLeakage).toMatchObject({ events: 2, procedures: 1, symptomatic: 0 })
    expect(vp!.cementLeakage.ratePerProcedure).toBeCloseTo(2 / 3, 10)
    expect(vp!.cementLeakage.interval!.low).toBeCloseTo(0.061, 3)
    expect(vp!.cementLeakage.interval!.high).toBeCloseTo(0.792, 3)
    const nonZero = (t: typeof vp) =>
      t!.categories.filter((c) => c.events > 0).map((c) => [c.category, c.events, c.symptomatic])
    expect(nonZero(vp)).toEqual([['new_adjacent_fracture', 1, 1]])
    expect(vp!.categories).toHaveLength(9)
    expect(vp!.categories.some((c) => (c.category as string) === 'cement_leakage')).toBe(false)
    expect(kp!.n).toBe(3)
    expect(kp!.cementLeakage).toMatchObject({ events: 1, procedures: 1, symptomatic: 0 })
    expect(kp!.cementLeakage.ratePerProcedure).toBeCloseTo(1 / 3, 10)
    expect(nonZero(kp)).toEqual([['infection', 1, 1]])
    const infection = kp!.categories.find((c) => c.category === 'infection')!
    expect(infection.ratePerProcedure).toBeCloseTo(1 / 3, 10)
    const death = kp!.categories.find((c) => c.category === 'death')!
    expect(death).toMatchObject({ events: 0, procedures: 0, ratePerProcedure: 0 })
  })

  it('applies every filter and shows an empty state', async () => {
    const counts = (result: AdverseEventSummary) =>
      result.types.map((t) => [t.type, t.n, t.cementLeakage.events])
    expect(counts((await charts({ type: 'vertebroplasty' })).adverseEvents)).toEqual([
      ['vertebroplasty', 3, 2],
    ])
    const b = (await charts(await resolve({ physician: 'B' }))).adverseEvents
    expect(counts(b)).toEqual([
      ['vertebroplasty', 1, 0],
      ['kyphoplasty', 2, 0],
    ])
    expect(b.types[1]!.categories.find((c) => c.category === 'infection')!.events).toBe(1)
    expect(counts((await charts({ etiology: 'osteoporotic' })).adverseEvents)).toEqual([
      ['vertebroplasty', 2, 2],
      ['kyphoplasty', 1, 1],
    ])
    expect(counts((await charts({ from: '2031-04-01' })).adverseEvents)).toEqual([
      ['vertebroplasty', 1, 0],
      ['kyphoplasty', 2, 0],
    ])
    const none = (await charts({ to: '2031-01-01' })).adverseEvents
    expect(none.n).toBe(0)
    expect(none.types[0]!.cementLeakage).toEqual({
      events: 0,
      procedures: 0,
      symptomatic: 0,
      ratePerProcedure: null,
      interval: null,
    })
  })
})

describe('monthly volume', () => {
  it('counts completed procedures per month by type', async () => {
    expect((await charts()).volume).toEqual({
      n: 6,
      months: [
        { month: '2031-03', n: 3, byType: { vertebroplasty: 2, kyphoplasty: 1 } },
        { month: '2031-04', n: 3, byType: { vertebroplasty: 1, kyphoplasty: 2 } },
      ],
    })
  })

  it('applies every filter', async () => {
    const months = (result: MonthlyVolume) => result.months.map((m) => [m.month, m.n])
    expect(months((await charts({ type: 'kyphoplasty' })).volume)).toEqual([
      ['2031-03', 1],
      ['2031-04', 2],
    ])
    const a = (await charts(await resolve({ physician: 'A' }))).volume
    expect(months(a)).toEqual([
      ['2031-03', 2],
      ['2031-04', 1],
    ])
    expect(months((await charts({ etiology: 'traumatic' })).volume)).toEqual([['2031-04', 1]])
    // The range's ends are inclusive: V2 on 03-20 and V3 on 04-10 count.
    const range = (await charts({ from: '2031-03-20', to: '2031-04-10' })).volume
    expect(range.n).toBe(3)
    expect((await charts({ from: '2031-05-01' })).volume).toEqual({
      n: 0,
      months: [],
    })
  })
})
