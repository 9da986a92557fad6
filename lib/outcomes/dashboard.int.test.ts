import { eq } from 'drizzle-orm'
import Papa from 'papaparse'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import { auditLog } from '@/db/schema'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'
import type { OutcomeFilters } from './filters'
import { charts, seedOutcomeFixture, staff } from './testing/dashboard-fixture'

vi.mock('@/lib/auth', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)
const { exportOutcomeTableCsv, loadOutcomesDashboard } = await import('./dashboard')

beforeAll(seedOutcomeFixture)

describe('literature benchmarks', () => {
  it('reads the seeded literature values with their sources', async () => {
    const rows = (await charts()).benchmarks
    expect(rows).toHaveLength(22)
    const find = (measure: string, type: string | null, timepoint: string | null = null) =>
      rows.filter(
        (r) => r.measure === measure && r.procedureType === type && r.timepoint === timepoint,
      )
    expect(find('responder_rate', 'vertebroplasty')).toMatchObject([
      { value: 0.87, source: 'McCall, Cole & Dailey 2008 (as cited by the clinic)' },
    ])
    expect(find('responder_rate', 'kyphoplasty')).toMatchObject([{ value: 0.92 }])
    expect(find('nrs_improvement', 'kyphoplasty', 'm1')).toMatchObject([
      { value: 5.4, source: 'EVOLVE' },
    ])
    expect(find('odi_improvement', 'kyphoplasty', 'm12')).toMatchObject([{ value: 36.2 }])
    expect(find('pain_change', 'non_surgical')).toMatchObject([{ value: -2.17 }])
    expect(find('kyphosis_reduction_deg', 'vertebroplasty')).toMatchObject([{ value: 1.7 }])
    expect(find('subsequent_fracture_rate', 'non_surgical')).toMatchObject([{ value: 0.22 }])
    expect(find('same_day_discharge_rate', null)).toMatchObject([
      { value: 0.611, source: 'ACS NSQIP (osteoporotic augmentation)' },
    ])
    // EVOLVE's NRS improvements in timepoint order.
    expect(
      rows.filter((r) => r.measure === 'nrs_improvement').map((r) => [r.timepoint, r.value]),
    ).toEqual([
      ['d7', 5.2],
      ['m1', 5.4],
      ['m3', 6],
      ['m6', 6.2],
      ['m12', 6.3],
    ])
  })
})

describe('the dashboard', () => {
  it('runs every chart for one set of filters', async () => {
    const filters = { type: 'vertebroplasty', timepoint: 'm3' } as const
    const dashboard = await charts(filters)
    expect(dashboard.filters).toEqual(filters)
    const { efficacy, pain, odi, kyphosis, disposition, adverseEvents } = dashboard
    for (const types of [efficacy, pain, odi, kyphosis, adverseEvents].map(
      (chart) => chart.types,
    )) {
      expect(types.map((t) => t.type)).toEqual(['vertebroplasty'])
    }
    expect(disposition.byType.map((t) => t.type)).toEqual(['vertebroplasty'])
    expect(dashboard.benchmarks).toHaveLength(22)
    expect(dashboard.efficacy.types).toMatchObject([{ n: 3, responders: 2 }])
    expect((await charts()).filters).toEqual({ timepoint: 'm1' })
  })
})

describe('loadOutcomesDashboard authorization', () => {
  it('serves clinical roles only', async () => {
    signInAs(null)
    expect(await outcomeOf(() => loadOutcomesDashboard({}))).toBe('redirect:/login')
    signInAs(staff.admin)
    expect(await outcomeOf(() => loadOutcomesDashboard({}))).toBe('http:403')
    signInAs(staff.coordinator)
    expect(await outcomeOf(() => loadOutcomesDashboard({}))).toBe('allowed')
    signInAs(staff.physicianA)
    const result = await loadOutcomesDashboard({ type: 'kyphoplasty' })
    expect(result.volume.n).toBe(3)
  })
})

describe('exportOutcomeTableCsv', () => {
  const csv = async (table: string, filters: OutcomeFilters = {}) =>
    Papa.parse<string[]>((await exportOutcomeTableCsv(table, filters))!).data

  it('serves clinical roles only, and checks the session before the table name', async () => {
    signInAs(null)
    expect(await outcomeOf(() => exportOutcomeTableCsv('efficacy', {}))).toBe('redirect:/login')
    expect(await outcomeOf(() => exportOutcomeTableCsv('no-such-table', {}))).toBe(
      'redirect:/login',
    )
    signInAs(staff.admin)
    expect(await outcomeOf(() => exportOutcomeTableCsv('efficacy', {}))).toBe('http:403')
    signInAs(staff.coordinator)
    expect(await exportOutcomeTableCsv('no-such-table', {})).toBeNull()
  })

  it("holds exactly the efficacy table's hand-computed figures, and is audited", async () => {
    signInAs(staff.coordinator)
    const source = 'McCall, Cole & Dailey 2008 (as cited by the clinic)'
    expect(await csv('efficacy')).toEqual([
      [
        'Procedure type',
        'Procedures with both scores',
        'Responders',
        'Responder rate (%)',
        '95 % CI low (%)',
        '95 % CI high (%)',
        'Mean NRS improvement (points)',
        'Improvement 95 % CI low',
        'Improvement 95 % CI high',
        'Cited success rate (%)',
        'Literature source',
      ],
      // 2/3: Wilson 20.8–93.9 %; drops 4, 2, 2 → 2.67 ± 4.303 · 1.155 / √3.
      ['Vertebroplasty', '3', '2', '66.7', '20.8', '93.9', '2.67', '-0.20', '5.54', '87.0', source],
      // 1/2: Wilson 9.5–90.5 %; drops 7 and 1 → 4 ± 12.706 · 4.243 / √2.
      ['Kyphoplasty', '2', '1', '50.0', '9.5', '90.5', '4.00', '-34.12', '42.12', '92.0', source],
    ])
    const [entry] = await (
      await getDb()
    )
      .select()
      .from(auditLog)
      .where(eq(auditLog.action, 'outcomes.export'))
    expect(entry).toMatchObject({
      actorId: staff.coordinator.id,
      entityType: 'outcomes',
      entityId: 'efficacy',
      details: { rows: 2 },
    })
  })

  it('applies the filters: osteoporotic patients, 3 months', async () => {
    signInAs(staff.physicianA)
    // V1 (8 → 3) and V2 (6 → 5: not a responder); K1 (9 → 1).
    const rows = await csv('efficacy', { etiology: 'osteoporotic', timepoint: 'm3' })
    expect(rows.slice(1).map((row) => row.slice(0, 6))).toEqual([
      ['Vertebroplasty', '2', '1', '50.0', '9.5', '90.5'],
      ['Kyphoplasty', '1', '1', '100.0', '20.7', '100.0'],
    ])
  })

  it("draws NSQIP's same-day share only beside osteoporotic fractures or all etiologies", async () => {
    signInAs(staff.physicianA)
    const literature = async (filters: OutcomeFilters) =>
      (await csv('disposition-by-type', filters)).slice(1).map((row) => row.slice(-2))
    const nsqip = ['61.1', 'ACS NSQIP (osteoporotic augmentation)']
    expect(await literature({})).toEqual([nsqip, nsqip])
    expect(await literature({ etiology: 'osteoporotic' })).toEqual([nsqip, nsqip])
    // Metastatic fractures: no osteoporotic figure beside either type.
    expect(await literature({ etiology: 'metastatic_tumor' })).toEqual([
      ['', ''],
      ['', ''],
    ])
  })

  it('sets the pain means beside the EVOLVE curve (baseline 8.7 minus the improvement)', async () => {
    signInAs(staff.physicianA)
    const rows = await csv('pain', { type: 'kyphoplasty' })
    // Kyphoplasty pain at 1 month: K1 2 and K2 6 → mean 4 ± 12.706 · 2.828 / √2.
    expect(rows.find((row) => row[1] === '1 month')).toEqual([
      'Kyphoplasty',
      '1 month',
      '2',
      '4.00',
      '-21.41',
      '29.41',
      '3.3',
      'EVOLVE',
    ])
    // EVOLVE reported no 48-hour value: the literature cells stay empty.
    expect(rows.find((row) => row[1] === '48 hours')?.slice(6)).toEqual(['', ''])
  })
})

describe('patients by status', () => {
  const counts = async (filters: OutcomeFilters) => {
    const { pipeline } = await charts(filters)
    return {
      n: pipeline.n,
      nonZero: pipeline.statuses.filter((s) => s.n > 0).map((s) => [s.status, s.n]),
    }
  }

  it('counts every patient by current status, filtered as the registry reads them', async () => {
    // Six treated patients and the noise patient, all in follow-up, referred 2031-01-15.
    expect(await counts({})).toEqual({ n: 7, nonZero: [['follow_up', 7]] })
    // V1, V2, K1 and the noise patient.
    expect(await counts({ etiology: 'osteoporotic' })).toEqual({
      n: 4,
      nonZero: [['follow_up', 4]],
    })
    expect((await counts({ physicianId: staff.physicianB.id })).n).toBe(3)
    // The range reads the referral date here, not the day performed.
    expect((await counts({ from: '2031-01-15', to: '2031-01-15' })).n).toBe(7)
    expect((await counts({ from: '2031-02-01' })).n).toBe(0)
    // No fixture patient has a planned procedure: the type filter reads that field.
    expect((await counts({ type: 'kyphoplasty' })).n).toBe(0)
  })
})
