import { eq } from 'drizzle-orm'
import Papa from 'papaparse'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import {
  adverseEvents as adverseEventsTable,
  auditLog,
  followUps,
  patients,
  procedures,
  treatedLevels,
  type AdverseEventCategory,
  type Etiology,
  type FollowUpTimepoint,
  type OvernightReason,
  type ProcedureType,
  type VertebralLevel,
} from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { followUpSchedule } from '@/lib/follow-ups/rules'
import { outcomeOf, signInAs } from '@/lib/testing/session'
import type { OutcomeFilters } from './filters'
import type { AdverseEventSummary, MonthlyVolume, ScoreSeries } from './summaries'

vi.mock('@/lib/auth', async () => (await import('@/lib/testing/session')).fakeAuthModule)
const { exportOutcomeTableCsv, loadOutcomesDashboard } = await import('./dashboard')

type Member = Awaited<ReturnType<typeof insertStaff>>
let physicianA: Member
let physicianB: Member
let coordinator: Member
let admin: Member

/**
 * Six completed procedures over March and April 2031, hand-chosen so every expected number below
 * can be worked out on paper. Scores are [pain NRS, ODI]; a missing timepoint was not assessed.
 *
 *        patient etiology       type  physician performed  disposition            angles (before→after)
 *   V1   osteoporotic           VP    A         03-05      same day               L1 12→10.5
 *   V2   osteoporotic           VP    B         03-20      overnight pain         T12 15→13, L1 none
 *   V3   multiple myeloma       VP    A         04-10      same day               L2 10→10.5
 *   K1   osteoporotic           KP    A         03-12      same day               L1 20→14, L2 18→13.5
 *   K2   traumatic              KP    B         04-02      overnight anesthesia   T11 16→11
 *   K3   metastatic tumor       KP    B         04-25      overnight pain         L3 14→(none)
 *
 *        baseline   d7       m1       m3
 *   V1   8 / 60     5 / 50   4 / 40   3 / 30     m1: −4 (50 %) responder; m3 responder
 *   V2   6 / 50     –        4 / 44   5 / –      m1: exactly −2 (33 %) responder; m3 not
 *   V3   10 / 70    –        8 / 50   7 / 40     m1: −2 but 20 %, not; m3 exactly −30 %, responder
 *   K1   9 / 70     –        2 / 30   1 / 20     responder at both
 *   K2   7 / 64     –        6 / 60   –          m1: −1, not
 *   K3   8 / 56     –        –        3 / 26     m3 responder
 *
 * Adverse events: V1 two cement leakages; V3 a symptomatic adjacent fracture; K1 one cement
 * leakage; K2 a symptomatic infection. A cancelled procedure (with a leakage and glowing scores)
 * and a scheduled one must count nowhere.
 */
interface Spec {
  key: string
  etiology: Etiology
  type: ProcedureType
  physician: 'A' | 'B'
  performed: string
  overnightReason: OvernightReason | null
  levels: [VertebralLevel, number | null, number | null][]
  scores: Partial<Record<FollowUpTimepoint, [number, number | null]>>
  events: [AdverseEventCategory, boolean][]
}

const SPECS: Spec[] = [
  {
    key: 'V1',
    etiology: 'osteoporotic',
    type: 'vertebroplasty',
    physician: 'A',
    performed: '2031-03-05',
    overnightReason: null,
    levels: [['L1', 12, 10.5]],
    scores: { baseline: [8, 60], d7: [5, 50], m1: [4, 40], m3: [3, 30] },
    events: [
      ['cement_leakage', false],
      ['cement_leakage', false],
    ],
  },
  {
    key: 'V2',
    etiology: 'osteoporotic',
    type: 'vertebroplasty',
    physician: 'B',
    performed: '2031-03-20',
    overnightReason: 'pain_control',
    levels: [
      ['T12', 15, 13],
      ['L1', null, null],
    ],
    scores: { baseline: [6, 50], m1: [4, 44], m3: [5, null] },
    events: [],
  },
  {
    key: 'V3',
    etiology: 'multiple_myeloma',
    type: 'vertebroplasty',
    physician: 'A',
    performed: '2031-04-10',
    overnightReason: null,
    levels: [['L2', 10, 10.5]],
    scores: { baseline: [10, 70], m1: [8, 50], m3: [7, 40] },
    events: [['new_adjacent_fracture', true]],
  },
  {
    key: 'K1',
    etiology: 'osteoporotic',
    type: 'kyphoplasty',
    physician: 'A',
    performed: '2031-03-12',
    overnightReason: null,
    levels: [
      ['L1', 20, 14],
      ['L2', 18, 13.5],
    ],
    scores: { baseline: [9, 70], m1: [2, 30], m3: [1, 20] },
    events: [['cement_leakage', false]],
  },
  {
    key: 'K2',
    etiology: 'traumatic',
    type: 'kyphoplasty',
    physician: 'B',
    performed: '2031-04-02',
    overnightReason: 'anesthesia_recovery',
    levels: [['T11', 16, 11]],
    scores: { baseline: [7, 64], m1: [6, 60] },
    events: [['infection', true]],
  },
  {
    key: 'K3',
    etiology: 'metastatic_tumor',
    type: 'kyphoplasty',
    physician: 'B',
    performed: '2031-04-25',
    overnightReason: 'pain_control',
    levels: [['L3', 14, null]],
    scores: { baseline: [8, 56], m3: [3, 26] },
    events: [],
  },
]

// Mid-morning in the server's time zone, so the calendar day and month are unambiguous.
const at = (date: string) => new Date(`${date}T10:00:00`)

let mrn = 0
async function insertPatient(etiology: Etiology, physicianId: string) {
  const db = await getDb()
  const [row] = await db
    .insert(patients)
    .values({
      mrn: `OUT${String(++mrn).padStart(5, '0')}`,
      firstName: 'Test',
      lastName: `Patient ${mrn}`,
      dateOfBirth: '1944-02-01',
      sex: 'female',
      referralDate: '2031-01-15',
      referringPhysician: 'Dr. Referrer',
      assignedPhysicianId: physicianId,
      etiology,
      status: 'follow_up',
    })
    .returning()
  return row!
}

/** The follow-up schedule of a procedure, with the given assessments recorded. */
async function insertFollowUps(
  patientId: string,
  procedureId: string,
  performed: string,
  scores: Spec['scores'],
) {
  const db = await getDb()
  await db.insert(followUps).values(
    followUpSchedule(performed).map((row) => {
      const score = scores[row.timepoint]
      return {
        ...row,
        patientId,
        procedureId,
        assessedOn: score ? row.dueOn : null,
        painNrs: score?.[0] ?? null,
        odi: score?.[1] ?? null,
      }
    }),
  )
}

beforeAll(async () => {
  const db = await getDb()
  physicianA = await insertStaff(db, 'unused', { role: 'physician', name: 'Dr. A' })
  physicianB = await insertStaff(db, 'unused', { role: 'physician', name: 'Dr. B' })
  coordinator = await insertStaff(db, 'unused', { role: 'coordinator' })
  admin = await insertStaff(db, 'unused', { role: 'admin' })

  for (const spec of SPECS) {
    const physicianId = (spec.physician === 'A' ? physicianA : physicianB).id
    const patient = await insertPatient(spec.etiology, physicianId)
    const performedAt = at(spec.performed)
    const [procedure] = await db
      .insert(procedures)
      .values({
        patientId: patient.id,
        type: spec.type,
        status: 'completed',
        scheduledAt: performedAt,
        performedAt,
        physicianId,
        anesthesia: 'local_sedation',
        approach: 'bipedicular',
        plannedLevels: spec.levels.map(([level]) => level),
        disposition: spec.overnightReason ? 'overnight' : 'same_day',
        overnightReason: spec.overnightReason,
        dischargedAt: performedAt,
      })
      .returning()
    await db.insert(treatedLevels).values(
      spec.levels.map(([level, before, after]) => ({
        procedureId: procedure!.id,
        level,
        cementVolumeMl: 3,
        kyphoticAngleBeforeDeg: before,
        kyphoticAngleAfterDeg: after,
      })),
    )
    await insertFollowUps(patient.id, procedure!.id, spec.performed, spec.scores)
    if (spec.events.length > 0) {
      await db.insert(adverseEventsTable).values(
        spec.events.map(([category, symptomatic], i) => ({
          procedureId: procedure!.id,
          patientId: patient.id,
          category,
          symptomatic,
          leakageType: category === 'cement_leakage' ? (['B', 'S'] as const)[i % 2] : null,
          detectedOn: spec.performed,
        })),
      )
    }
  }

  // Noise that no chart may count: a cancelled procedure with data attached, a scheduled one.
  const noise = await insertPatient('osteoporotic', physicianA.id)
  const [cancelled] = await db
    .insert(procedures)
    .values({
      patientId: noise.id,
      type: 'vertebroplasty',
      status: 'cancelled',
      scheduledAt: at('2031-03-15'),
      physicianId: physicianA.id,
      anesthesia: 'general',
      approach: 'unipedicular',
      plannedLevels: ['T9'],
      cancelReason: 'Patient request',
    })
    .returning()
  await db.insert(treatedLevels).values({
    procedureId: cancelled!.id,
    level: 'T9',
    cementVolumeMl: 2,
    kyphoticAngleBeforeDeg: 30,
    kyphoticAngleAfterDeg: 0,
  })
  await insertFollowUps(noise.id, cancelled!.id, '2031-03-15', { baseline: [9, 90], m1: [0, 0] })
  await db.insert(adverseEventsTable).values({
    procedureId: cancelled!.id,
    patientId: noise.id,
    category: 'cement_leakage',
    symptomatic: true,
    detectedOn: '2031-03-15',
  })
  await db.insert(procedures).values({
    patientId: noise.id,
    type: 'kyphoplasty',
    scheduledAt: at('2031-05-02'),
    physicianId: physicianB.id,
    anesthesia: 'general',
    approach: 'bipedicular',
    plannedLevels: ['T10'],
  })
})

/** Every chart for a set of filters, loaded as the outcomes page loads them. */
async function charts(filters: OutcomeFilters = {}) {
  signInAs(coordinator)
  return loadOutcomesDashboard(filters)
}

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
    // Drops 4, 2, 2: mean 2.667, s = 1.155, ± 4.303 · s / √3.
    expect(vp!.improvement!.mean).toBeCloseTo(2.667, 3)
    expect(vp!.improvement!.low).toBeCloseTo(-0.202, 3)
    expect(vp!.improvement!.high).toBeCloseTo(5.535, 3)
    // K3 has no 1-month assessment, so only K1 (responder) and K2 (−1 point) count.
    expect(kp).toMatchObject({ type: 'kyphoplasty', n: 2, responders: 1, rate: 0.5 })
    expect(kp!.interval!.low).toBeCloseTo(0.095, 3)
    expect(kp!.interval!.high).toBeCloseTo(0.905, 3)
    expect(kp!.improvement).toEqual({ mean: 4, low: expect.any(Number), high: expect.any(Number) })
    expect(kp!.improvement!.low).toBeCloseTo(-34.118, 3)
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

/** Test filters name the physician by letter; the query takes the id. */
async function resolve(filter: Record<string, string>): Promise<OutcomeFilters> {
  const { physician, ...rest } = filter
  return {
    ...(rest as OutcomeFilters),
    ...(physician ? { physicianId: (physician === 'A' ? physicianA : physicianB).id } : {}),
  }
}

/** [timepoint, n, mean, low, high] for the points with data, rounded to 3 decimals. */
const points = (series: ScoreSeries, type: ProcedureType) =>
  series.types
    .find((t) => t.type === type)!
    .points.filter((p) => p.n > 0)
    .map((p) => [p.timepoint, p.n, ...[p.mean, p.low, p.high].map(round3)])

const round3 = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000)

describe('pain and ODI over time', () => {
  it('gives the mean pain and its t interval at each timepoint by type', async () => {
    const pain = (await charts()).pain
    // 3 + 1 + 3 + 3 vertebroplasty, 3 + 2 + 2 kyphoplasty assessments.
    expect(pain.n).toBe(17)
    expect(points(pain, 'vertebroplasty')).toEqual([
      ['baseline', 3, 8, 3.031, 12.969],
      ['d7', 1, 5, null, null],
      ['m1', 3, 5.333, -0.404, 11.071],
      ['m3', 3, 5, 0.031, 9.969],
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
      ['baseline', 3, 60, 35.157, 84.843],
      ['d7', 1, 50, null, null],
      ['m1', 3, 44.667, 32.162, 57.171],
      ['m3', 2, 35, -28.53, 98.53],
    ])
    expect(points(odi, 'kyphoplasty')).toEqual([
      ['baseline', 3, 63.333, 45.884, 80.783],
      ['m1', 2, 45, -145.59, 235.59],
      ['m3', 2, 23, -15.118, 61.118],
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
    signInAs(admin)
    expect(await outcomeOf(() => loadOutcomesDashboard({}))).toBe('http:403')
    signInAs(coordinator)
    expect(await outcomeOf(() => loadOutcomesDashboard({}))).toBe('allowed')
    signInAs(physicianA)
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
    signInAs(admin)
    expect(await outcomeOf(() => exportOutcomeTableCsv('efficacy', {}))).toBe('http:403')
    signInAs(coordinator)
    expect(await exportOutcomeTableCsv('no-such-table', {})).toBeNull()
  })

  it("holds exactly the efficacy table's hand-computed figures, and is audited", async () => {
    signInAs(coordinator)
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
        'Literature responder rate (%)',
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
      actorId: coordinator.id,
      entityType: 'outcomes',
      entityId: 'efficacy',
      details: { rows: 2 },
    })
  })

  it('applies the filters: osteoporotic patients, 3 months', async () => {
    signInAs(physicianA)
    // V1 (8 → 3) and V2 (6 → 5: not a responder); K1 (9 → 1).
    const rows = await csv('efficacy', { etiology: 'osteoporotic', timepoint: 'm3' })
    expect(rows.slice(1).map((row) => row.slice(0, 6))).toEqual([
      ['Vertebroplasty', '2', '1', '50.0', '9.5', '90.5'],
      ['Kyphoplasty', '1', '1', '100.0', '20.7', '100.0'],
    ])
  })

  it('sets the pain means beside the EVOLVE curve (baseline 8.7 minus the improvement)', async () => {
    signInAs(physicianA)
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
    expect((await counts({ physicianId: physicianB.id })).n).toBe(3)
    // The range reads the referral date here, not the day performed.
    expect((await counts({ from: '2031-01-15', to: '2031-01-15' })).n).toBe(7)
    expect((await counts({ from: '2031-02-01' })).n).toBe(0)
    // No fixture patient has a planned procedure: the type filter reads that field.
    expect((await counts({ type: 'kyphoplasty' })).n).toBe(0)
  })
})
