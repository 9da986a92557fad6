import { getDb } from '@/db/client'
import {
  adverseEvents,
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
import { signInAs } from '@/lib/auth/testing/session'
import type { OutcomeFilters } from '../filters'

// The outcome tests' shared data. Each test file seeds it into its own database and mocks
// '@/lib/auth' with the fake session (lib/auth/testing/session.ts) before loading the dashboard.

type Member = Awaited<ReturnType<typeof insertStaff>>

/** The fixture's staff, filled in by seedOutcomeFixture. */
export const staff = {} as Record<'physicianA' | 'physicianB' | 'coordinator' | 'admin', Member>

/**
 * Six completed procedures over March and April 2031, hand-chosen so every expected number of the
 * dashboard tests (lib/outcomes/dashboard*.int.test.ts) can be worked out on paper. Scores are
 * [pain NRS, ODI]; a missing timepoint was not assessed.
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

/** The procedures above, the noise, and the staff, in the test file's database. */
export async function seedOutcomeFixture() {
  const db = await getDb()
  staff.physicianA = await insertStaff(db, 'unused', { role: 'physician', name: 'Dr. A' })
  staff.physicianB = await insertStaff(db, 'unused', { role: 'physician', name: 'Dr. B' })
  staff.coordinator = await insertStaff(db, 'unused', { role: 'coordinator' })
  staff.admin = await insertStaff(db, 'unused', { role: 'admin' })

  for (const spec of SPECS) {
    const physicianId = (spec.physician === 'A' ? staff.physicianA : staff.physicianB).id
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
      await db.insert(adverseEvents).values(
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
  const noise = await insertPatient('osteoporotic', staff.physicianA.id)
  const [cancelled] = await db
    .insert(procedures)
    .values({
      patientId: noise.id,
      type: 'vertebroplasty',
      status: 'cancelled',
      scheduledAt: at('2031-03-15'),
      physicianId: staff.physicianA.id,
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
  await db.insert(adverseEvents).values({
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
    physicianId: staff.physicianB.id,
    anesthesia: 'general',
    approach: 'bipedicular',
    plannedLevels: ['T10'],
  })
}

/** Every chart for a set of filters, loaded as the outcomes page loads them. */
export async function charts(filters: OutcomeFilters = {}) {
  const { loadOutcomesDashboard } = await import('../dashboard')
  signInAs(staff.coordinator)
  return loadOutcomesDashboard(filters)
}

/** Test filters name the physician by letter; the query takes the id. */
export async function resolve(filter: Record<string, string>): Promise<OutcomeFilters> {
  const { physician, ...rest } = filter
  return {
    ...(rest as OutcomeFilters),
    ...(physician
      ? { physicianId: (physician === 'A' ? staff.physicianA : staff.physicianB).id }
      : {}),
  }
}

export const round3 = (value: number | null) =>
  value === null ? null : Math.round(value * 1000) / 1000
