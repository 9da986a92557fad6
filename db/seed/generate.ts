import {
  vertebralLevels,
  type adverseEvents,
  type AdverseEventCategory,
  type Disposition,
  type Etiology,
  type FollowUpTimepoint,
  type followUps,
  type ImagingModality,
  type imagingOrders,
  type NewFracture,
  type NewPatient,
  type NewPatientStatusEvent,
  type OvernightReason,
  type PatientStatus,
  type procedures,
  type ProcedureType,
  type Sex,
  type treatedLevels,
  type VertebralLevel,
} from '../schema'

// Synthetic data only: every name below is a common given name or surname, combined at random,
// and every phone number is in the 555-0100–0199 range reserved for fiction.

const FEMALE_FIRST_NAMES = words(`
  Margaret Dorothy Helen Betty Ruth Shirley Barbara Patricia Joan Carol Evelyn Frances Jean Marie
  Gloria Rosa Mei Fatima Irene Lorraine Anita Yolanda Ingrid Keiko
`)
const MALE_FIRST_NAMES = words(`
  Robert James William Harold Walter Donald Richard Joseph Charles George Frank Raymond Ahmed
  Hiroshi Luis Eugene
`)
const UNGENDERED_FIRST_NAMES = ['Alex', 'Jordan', 'Taylor', 'Casey', 'Morgan', 'Riley']
const LAST_NAMES = words(`
  Abbott Alvarez Bennett Brooks Castillo Chen Dubois Fischer Gallagher Haddad Hughes Kowalski
  Larsen Mendez Nakamura Nguyen O'Brien Okonkwo Patel Quinn Rossi Schmidt Tanaka Underwood Varga
  Walsh Yilmaz Zimmerman
`)
// A clinic hears from a limited circle of referrers, so a short fixed list is realistic.
const REFERRING_PHYSICIANS = [
  'Dr. Alan Whitfield',
  'Dr. Beatrice Lund',
  'Dr. Carlos Ibarra',
  'Dr. Deborah Kane',
  'Dr. Emeka Obi',
  'Dr. Fiona Hartley',
  'Dr. Gregory Stone',
  'Dr. Hannah Weiss',
  'Dr. Imran Qureshi',
  'Dr. Julia Moreau',
  'Dr. Kenji Sato',
  'Dr. Linda Carver',
  'Dr. Martin Novak',
  'Dr. Nadia Farouk',
  'Dr. Oliver Grant',
  'Dr. Paula Reyes',
] as const
// Named: a patient turned down for it gets fractures without edema, to match.
const HEALED_FRACTURE_REASON = 'Healed fracture: no marrow edema on MRI'
const NOT_CANDIDATE_REASONS = [
  'Pain not attributable to fracture',
  HEALED_FRACTURE_REASON,
  'Active infection (discitis)',
  'Spinal instability: referred for surgical opinion',
  'Uncorrected coagulopathy',
  'Pain below threshold after optimal medical management',
] as const
const PROCEDURE_WEIGHTS: readonly (readonly [ProcedureType, number])[] = [
  ['vertebroplasty', 0.55],
  ['kyphoplasty', 0.45],
]

const SEX_WEIGHTS: readonly (readonly [Sex, number])[] = [
  ['female', 0.75],
  ['male', 0.23],
  ['other', 0.01],
  ['unknown', 0.01],
]
const ETIOLOGY_WEIGHTS: readonly (readonly [Etiology, number])[] = [
  ['osteoporotic', 0.6],
  ['steroid_induced_osteoporosis', 0.1],
  ['metastatic_tumor', 0.1],
  ['traumatic', 0.08],
  ['multiple_myeloma', 0.07],
  ['other', 0.05],
]
interface AgeBand {
  youngest: number
  oldest: number
  /** The age is the mean of this many uniform draws: 2 gives a triangle peaking mid-band. */
  draws: number
}
// Age in whole years on `today`. Most VCF patients are in their 70s and 80s.
const AGE_BAND_WEIGHTS: readonly (readonly [AgeBand, number])[] = [
  [{ youngest: 25, oldest: 49, draws: 1 }, 0.01],
  [{ youngest: 50, oldest: 59, draws: 1 }, 0.06],
  [{ youngest: 60, oldest: 95, draws: 2 }, 0.89],
  [{ youngest: 96, oldest: 105, draws: 1 }, 0.04],
]

// Fractures per patient once imaged: mean ≈ 1.5, and a few above the 3 levels one session allows.
const FRACTURE_COUNT_WEIGHTS: readonly (readonly [number, number])[] = [
  [1, 0.64],
  [2, 0.25],
  [3, 0.08],
  [4, 0.025],
  [5, 0.005],
]
// Before imaging a fracture is on file only if the referral brought an X-ray report.
const REFERRED_WITH_FRACTURE_SHARE = 0.6
// Osteoporotic VCFs cluster at the thoracolumbar junction (T11–L2) and are rare above T7.
const LEVEL_WEIGHTS: readonly (readonly [VertebralLevel, number])[] = [
  ['T1', 0.2],
  ['T2', 0.2],
  ['T3', 0.3],
  ['T4', 0.4],
  ['T5', 0.5],
  ['T6', 0.8],
  ['T7', 2.5],
  ['T8', 3.5],
  ['T9', 4],
  ['T10', 5],
  ['T11', 12],
  ['T12', 19],
  ['L1', 19],
  ['L2', 11],
  ['L3', 6],
  ['L4', 4],
  ['L5', 1.5],
  ['S1', 0.4],
]
// Under the clinic's 15 % VCF threshold: accepted but flagged, so the flag shows up in the data.
const BELOW_THRESHOLD_SHARE = 0.08
const SEVERE_HEIGHT_LOSS_SHARE = 0.04
const MORPHOLOGY_WEIGHTS: readonly (readonly [Morphology, number])[] = [
  ['wedge', 0.65],
  ['biconcave', 0.25],
  ['crush', 0.1],
]
const EDEMA_WEIGHTS: readonly (readonly [Edema, number])[] = [
  ['yes', 0.8],
  ['no', 0.15],
  ['unknown', 0.05],
]
const KYPHOTIC_ANGLE_SHARE = 0.8
const POSTERIOR_WALL_SHARE = 0.1
// Retropulsion is a fragment of the posterior wall pushed back: only with wall involvement.
const RETROPULSION_GIVEN_POSTERIOR_WALL = 0.5
// The work-up MRI (STIR); a bone scan when MRI is contraindicated (pacemaker, claustrophobia).
const FIRST_MODALITY_WEIGHTS: readonly (readonly [ImagingModality, number])[] = [
  ['mri', 0.95],
  ['bone_scan', 0.05],
]
const SECOND_ORDER_SHARE = 0.45
const SECOND_MODALITY_WEIGHTS: readonly (readonly [ImagingModality, number])[] = [
  ['xray', 0.5],
  ['ct', 0.25],
  ['dexa', 0.2],
  ['bone_scan', 0.05],
]
const MODALITY_ORDER_NOTES: Record<ImagingModality, string> = {
  mri: 'MRI with STIR ordered',
  bone_scan: 'Bone scan ordered (MRI contraindicated)',
  ct: 'CT ordered',
  xray: 'X-ray ordered',
  dexa: 'DEXA ordered',
}
const DEXA_LUMBAR_LEVELS: readonly VertebralLevel[] = ['L1', 'L2', 'L3', 'L4']
const LEVEL_ORDER = new Map(vertebralLevels.map((level, position) => [level, position]))

const REFERRAL_WINDOW_DAYS = 3 * 365
// A fifth of referrals land in the last four months so active worklists are populated at any size.
const RECENT_REFERRAL_SHARE = 0.2
const RECENT_REFERRAL_DAYS = 120
const PHONE_SHARE = 0.85
const LOST_TO_FOLLOW_UP_SHARE = 0.12
const DAY_MS = 24 * 60 * 60 * 1000

// Procedures. Shares are of patients (or procedures) that got that far; sources in
// docs/clinical-definitions.md#literature-benchmarks.
const CANCELLED_BEFORE_SHARE = 0.05
const CANCEL_REASONS = [
  'Patient unwell on the day (chest infection)',
  'Anticoagulant not held in time',
  'INR above target on the morning of the procedure',
  'Patient asked to reschedule',
  'Transport unavailable',
  'Fluoroscopy suite unavailable',
] as const
// Days ahead a still-scheduled patient's procedure is booked for.
const SCHEDULED_AHEAD_MAX_DAYS = 21
const LOCAL_SEDATION_SHARE = 0.7
const KYPHOPLASTY_BIPEDICULAR_SHARE = 0.85
const VERTEBROPLASTY_BIPEDICULAR_SHARE = 0.5
// Most patients have every treatable level done in one session (at most three); the rest only
// the worst one.
const ALL_LEVELS_SHARE = 0.75
const MAX_LEVELS_PER_SESSION = 3
const VCF_THRESHOLD_PCT = 15
// NSQIP: 61 % same-day discharge. Multi-level sessions keep patients overnight more often.
const SAME_DAY_SHARE_BY_LEVELS = [0.64, 0.52, 0.42] as const
// A symptomatic adverse event on the day adds 'complication' stays on top of these.
const OVERNIGHT_REASON_WEIGHTS: readonly (readonly [OvernightReason, number])[] = [
  ['pain_control', 0.32],
  ['anesthesia_recovery', 0.2],
  ['multi_level_procedure', 0.12],
  ['comorbidity_monitoring', 0.12],
  ['transport_social', 0.09],
  ['physician_preference', 0.07],
  ['complication', 0.03],
  ['other', 0.02],
]
// After a two- or three-level session, "multi-level procedure" becomes the usual reason.
const MULTI_LEVEL_OVERNIGHT_REASON_WEIGHTS = OVERNIGHT_REASON_WEIGHTS.map(
  ([reason, weight]) => [reason, reason === 'multi_level_procedure' ? weight * 3 : weight] as const,
)
const ADVERSE_EVENT_SHARE = 0.08
// Of procedures with an adverse event: new adjacent fracture ≈ 3 % of all procedures. No deaths:
// a seeded death would contradict the follow-ups the same patient goes on to attend.
const ADVERSE_EVENT_WEIGHTS: readonly (readonly [AdverseEventCategory, number])[] = [
  ['cement_leakage', 0.5],
  ['new_adjacent_fracture', 0.36],
  ['new_remote_fracture', 0.05],
  ['pulmonary_cement_embolism', 0.025],
  ['bleeding_hematoma', 0.025],
  ['anesthesia_complication', 0.015],
  ['infection', 0.01],
  ['neurologic_deficit', 0.005],
  ['other', 0.01],
]
const LEAKAGE_TYPE_WEIGHTS: readonly (readonly [LeakageType, number])[] = [
  ['B', 0.35],
  ['S', 0.35],
  ['C', 0.3],
]
const LEAKAGE_LOCATION_WEIGHTS: readonly (readonly [LeakageLocation, number])[] = [
  ['disc', 0.5],
  ['paravertebral', 0.4],
  ['canal', 0.1],
]
// Share symptomatic, and the days after the procedure it is found (capped at today).
const ADVERSE_EVENT_PROFILE: Record<
  AdverseEventCategory,
  { symptomatic: number; minDelayDays: number; maxDelayDays: number }
> = {
  // Seen on the post-procedure films.
  cement_leakage: { symptomatic: 0.03, minDelayDays: 0, maxDelayDays: 0 },
  new_adjacent_fracture: { symptomatic: 0.8, minDelayDays: 14, maxDelayDays: 365 },
  new_remote_fracture: { symptomatic: 0.7, minDelayDays: 14, maxDelayDays: 365 },
  pulmonary_cement_embolism: { symptomatic: 0.2, minDelayDays: 0, maxDelayDays: 7 },
  bleeding_hematoma: { symptomatic: 0.5, minDelayDays: 0, maxDelayDays: 2 },
  anesthesia_complication: { symptomatic: 1, minDelayDays: 0, maxDelayDays: 0 },
  infection: { symptomatic: 1, minDelayDays: 3, maxDelayDays: 30 },
  neurologic_deficit: { symptomatic: 1, minDelayDays: 0, maxDelayDays: 2 },
  death: { symptomatic: 1, minDelayDays: 0, maxDelayDays: 30 },
  other: { symptomatic: 0.5, minDelayDays: 0, maxDelayDays: 0 },
}
const CANAL_LEAK_SYMPTOMATIC_SHARE = 0.3

// Copied from lib/follow-ups/rules.ts, the source of truth (db/ must not import lib/): days from
// the procedure to each assessment and its window. generate.test.ts checks the two agree.
const FOLLOW_UP_SCHEDULE: readonly {
  timepoint: FollowUpTimepoint
  dueDay: number
  from: number
  to: number
}[] = [
  { timepoint: 'baseline', dueDay: 0, from: -30, to: 0 },
  { timepoint: 'h48', dueDay: 2, from: 1, to: 4 },
  { timepoint: 'd7', dueDay: 7, from: 5, to: 14 },
  { timepoint: 'm1', dueDay: 30, from: 21, to: 45 },
  { timepoint: 'm3', dueDay: 91, from: 75, to: 120 },
  { timepoint: 'm6', dueDay: 182, from: 150, to: 210 },
  { timepoint: 'm12', dueDay: 365, from: 330, to: 400 },
]
const ASSESSED_SHARE = 0.9
// Responders at 1 month (NRS down ≥ 2 and ≥ 30 %): the seed's 87 % VP / 92 % KP, a little lower.
const RESPONDER_SHARE: Record<ProcedureType, number> = { vertebroplasty: 0.85, kyphoplasty: 0.89 }
// Share of the 1-month relief reached at each timepoint (EVOLVE: 5.2, 5.4, 6.0, 6.2, 6.3 points).
const RELIEF_CURVE = [0, 0.8, 0.95, 1, 1.08, 1.1, 1.12] as const
const RMDQ_SHARE = 0.6
const FOLLOW_UP_ANGLE_SHARE = 0.3
// Papanastassiou 2012: kyphosis reduced 4.8° by kyphoplasty, 1.7° by vertebroplasty (means).
const ANGLE_CORRECTION: Record<ProcedureType, { min: number; max: number }> = {
  kyphoplasty: { min: 1.5, max: 8.1 },
  vertebroplasty: { min: 0, max: 3.4 },
}
const CEMENT_ML: Record<ProcedureType, { min: number; max: number }> = {
  kyphoplasty: { min: 3, max: 8 },
  vertebroplasty: { min: 2, max: 6 },
}
const HEIGHT_RESTORED_PCT: Record<ProcedureType, { min: number; max: number }> = {
  kyphoplasty: { min: 10, max: 40 },
  vertebroplasty: { min: 0, max: 15 },
}

export interface GeneratePatientsOptions {
  count: number
  seed: number
  physicianIds: readonly string[]
  /** Nothing is dated after this instant; ages and referral dates count back from its UTC date. */
  today: Date
  /** Index of the first patient: consecutive ranges yield exactly the patients of one long run. */
  startIndex?: number
}

export type GeneratedStatusEvent = Omit<NewPatientStatusEvent, 'patientId'> & { occurredAt: Date }

type Morphology = NonNullable<NewFracture['morphology']>
type Edema = NonNullable<NewFracture['mriEdema']>

// The insert types with the columns this generator always fills made required, for the tests.
export type GeneratedFracture = NewFracture & {
  id: string
  patientId: string
  level: VertebralLevel
  diagnosedOn: string
  heightLossPct: number
  morphology: Morphology
  fractureAgeWeeks: number
  mriEdema: Edema
  kyphoticAngleDeg: number | null
  posteriorWallInvolved: boolean
  retropulsion: boolean
}

export type GeneratedImagingOrder = typeof imagingOrders.$inferInsert & {
  id: string
  patientId: string
  modality: ImagingModality
  orderedOn: string
  completedOn: string | null
  finding: string | null
}

type NewProcedure = typeof procedures.$inferInsert
type LeakageType = NonNullable<(typeof adverseEvents.$inferInsert)['leakageType']>
type LeakageLocation = NonNullable<(typeof adverseEvents.$inferInsert)['leakageLocation']>
type AnalgesicUse = NonNullable<(typeof followUps.$inferInsert)['analgesicUse']>
type Mobility = NonNullable<(typeof followUps.$inferInsert)['mobility']>

export type GeneratedProcedure = NewProcedure & {
  id: string
  patientId: string
  type: ProcedureType
  status: NonNullable<NewProcedure['status']>
  scheduledAt: Date
  performedAt: Date | null
  physicianId: string
  anesthesia: NewProcedure['anesthesia']
  approach: NewProcedure['approach']
  /** In anatomical order. */
  plannedLevels: VertebralLevel[]
  cement: string
  cancelReason: string | null
  disposition: Disposition | null
  overnightReason: OvernightReason | null
  dischargedAt: Date | null
}

export type GeneratedTreatedLevel = typeof treatedLevels.$inferInsert & {
  id: string
  procedureId: string
  fractureId: string
  level: VertebralLevel
  cementVolumeMl: number
  kyphoticAngleBeforeDeg: number
  kyphoticAngleAfterDeg: number
  heightRestoredPct: number
}

export type GeneratedAdverseEvent = typeof adverseEvents.$inferInsert & {
  id: string
  procedureId: string
  patientId: string
  category: AdverseEventCategory
  leakageType: LeakageType | null
  leakageLocation: LeakageLocation | null
  symptomatic: boolean
  detectedOn: string
}

export type GeneratedFollowUp = typeof followUps.$inferInsert & {
  id: string
  patientId: string
  procedureId: string
  timepoint: FollowUpTimepoint
  dueOn: string
  windowStart: string
  windowEnd: string
  assessedOn: string | null
  painNrs: number | null
  odi: number | null
  rmdq: number | null
  analgesicUse: AnalgesicUse | null
  mobility: Mobility | null
  newFracture: boolean | null
  kyphoticAngleDeg: number | null
}

export interface GeneratedPatient {
  patient: NewPatient & {
    id: string
    plannedProcedure: ProcedureType | null
    fractureCount: number
    fractureLevels: string
    lastDisposition: Disposition | null
    nextFollowUpOn: string | null
  }
  /** From null → referred up to the patient's status, oldest first. */
  events: GeneratedStatusEvent[]
  /** In anatomical order, T1 … S1. */
  fractures: GeneratedFracture[]
  /** Oldest order first. */
  imagingOrders: GeneratedImagingOrder[]
  /** Oldest first: at most one cancelled, then the scheduled or completed one. */
  procedures: GeneratedProcedure[]
  /** Of the completed procedure, in anatomical order. */
  treatedLevels: GeneratedTreatedLevel[]
  adverseEvents: GeneratedAdverseEvent[]
  /** Of the completed procedure, baseline → m12. */
  followUps: GeneratedFollowUp[]
}

export function* generatePatients(options: GeneratePatientsOptions): Generator<GeneratedPatient> {
  const { count, seed, physicianIds, today, startIndex = 0 } = options
  if (physicianIds.length === 0) throw new Error('generatePatients needs at least one physician id')
  for (let index = startIndex; index < startIndex + count; index++) {
    // One generator per patient, seeded from (seed, index): batches need no shared state.
    yield generatePatient(
      mulberry32(patientSeed(seed, index)),
      index,
      seededUuid(seed, index),
      physicianIds,
      today,
    )
  }
}

function generatePatient(
  random: Random,
  index: number,
  id: string,
  physicianIds: readonly string[],
  today: Date,
): GeneratedPatient {
  const sex = pickWeighted(random, SEX_WEIGHTS)
  const firstName = pick(random, firstNamesFor(sex))
  const lastName = pick(random, LAST_NAMES)
  const todayDate = startOfUtcDay(today)
  const referralDay = addDays(todayDate, -referralDaysAgo(random))
  const referringPhysician = pick(random, REFERRING_PHYSICIANS)
  const procedure = pickWeighted(random, PROCEDURE_WEIGHTS)
  const events = simulatePathway(random, { referralDay, referringPhysician, procedure, today })
  const lastEvent = events[events.length - 1]!
  const patient = {
    id,
    // Zero-padded to seven digits so 1M patients sort as text in index order.
    mrn: `M${String(index).padStart(7, '0')}`,
    firstName,
    lastName,
    dateOfBirth: isoDate(dateOfBirthFor(random, todayDate)),
    sex,
    phone:
      random() < PHONE_SHARE ? `555-01${String(randomInt(random, 0, 99)).padStart(2, '0')}` : null,
    referralDate: isoDate(referralDay),
    referringPhysician,
    assignedPhysicianId: pick(random, physicianIds),
    etiology: pickWeighted(random, ETIOLOGY_WEIGHTS),
    painOnsetDate: isoDate(addDays(referralDay, -randomInt(random, 7, 84))),
    status: lastEvent.toStatus,
    // Filled in below, from the work-up; declared here so the object keeps one shape.
    plannedProcedure: null as ProcedureType | null,
    fractureCount: 0,
    fractureLevels: '',
    lastDisposition: null as Disposition | null,
    nextFollowUpOn: null as string | null,
    createdAt: events[0]!.occurredAt,
    updatedAt: lastEvent.occurredAt,
  }
  // Drawn after everything above, so adding them left the earlier fields of each seed unchanged.
  const { fractures, imagingOrders } = simulateWorkUp(random, {
    patientId: id,
    referralDay,
    painOnsetDay: new Date(Date.parse(patient.painOnsetDate)),
    todayDate,
    events,
  })
  if (events.some((event) => event.toStatus === 'candidate')) patient.plannedProcedure = procedure
  patient.fractureCount = fractures.length
  // Already in anatomical order, the order the list shows them in.
  patient.fractureLevels = fractures.map((fracture) => fracture.level).join(', ')
  // Drawn last, for the same reason as the work-up.
  const treatment = simulateTreatment(random, {
    patientId: id,
    physicianId: patient.assignedPhysicianId,
    procedure,
    status: patient.status,
    events,
    fractures,
    today,
    todayDay: dayNumber(todayDate),
  })
  patient.lastDisposition = treatment.lastDisposition
  patient.nextFollowUpOn = treatment.nextFollowUpOn
  return {
    patient,
    events,
    fractures,
    imagingOrders,
    procedures: treatment.procedures,
    treatedLevels: treatment.treatedLevels,
    adverseEvents: treatment.adverseEvents,
    followUps: treatment.followUps,
  }
}

function firstNamesFor(sex: Sex): readonly string[] {
  if (sex === 'female') return FEMALE_FIRST_NAMES
  if (sex === 'male') return MALE_FIRST_NAMES
  return UNGENDERED_FIRST_NAMES
}

function referralDaysAgo(random: Random): number {
  // At least one day ago, so the referral event (in business hours) is never after `today`.
  const windowDays = random() < RECENT_REFERRAL_SHARE ? RECENT_REFERRAL_DAYS : REFERRAL_WINDOW_DAYS
  return randomInt(random, 1, windowDays)
}

function dateOfBirthFor(random: Random, todayDate: Date): Date {
  const { youngest, oldest, draws } = pickWeighted(random, AGE_BAND_WEIGHTS)
  let sum = 0
  for (let draw = 0; draw < draws; draw++) sum += randomInt(random, youngest, oldest)
  const age = Math.round(sum / draws)
  const birthday = new Date(
    Date.UTC(todayDate.getUTCFullYear() - age, todayDate.getUTCMonth(), todayDate.getUTCDate()),
  )
  // 1–364 days before the birthday that makes `age`: exactly `age` on today, even on 29 February.
  return addDays(birthday, -randomInt(random, 1, 364))
}

interface PathwayStep {
  to: PatientStatus
  minDays: number
  maxDays: number
  note: string
}

interface PathwayContext {
  referralDay: Date
  referringPhysician: string
  procedure: ProcedureType
  today: Date
}

/** Walks the pathway from referral to a terminal status, stopping before any step after today. */
function simulatePathway(random: Random, context: PathwayContext): GeneratedStatusEvent[] {
  const { referralDay, referringPhysician, procedure, today } = context
  const events: GeneratedStatusEvent[] = [
    {
      fromStatus: null,
      toStatus: 'referred',
      note: `Referral from ${referringPhysician}`,
      actorId: null,
      occurredAt: duringBusinessHours(random, referralDay),
    },
  ]
  let status: PatientStatus = 'referred'
  let day = referralDay
  let step = nextStep(random, status, procedure)
  while (step) {
    day = addDays(day, randomInt(random, step.minDays, step.maxDays))
    const occurredAt = duringBusinessHours(random, day)
    if (occurredAt > today) break
    events.push({
      fromStatus: status,
      toStatus: step.to,
      note: step.note,
      actorId: null,
      occurredAt,
    })
    status = step.to
    step = nextStep(random, status, procedure)
  }
  return events
}

function nextStep(
  random: Random,
  status: PatientStatus,
  procedure: PathwayContext['procedure'],
): PathwayStep | null {
  switch (status) {
    case 'referred':
      return { to: 'imaging', minDays: 1, maxDays: 10, note: 'MRI with STIR ordered' }
    case 'imaging':
      return { to: 'evaluation', minDays: 3, maxDays: 21, note: 'Imaging reviewed' }
    case 'evaluation':
      return decide(random, procedure)
    case 'candidate':
      return { to: 'scheduled', minDays: 2, maxDays: 14, note: `Booked for ${procedure}` }
    case 'scheduled':
      return { to: 'treated', minDays: 3, maxDays: 28, note: `Treated with ${procedure}` }
    case 'treated':
      return { to: 'follow_up', minDays: 1, maxDays: 3, note: '48-hour check done' }
    case 'follow_up':
      return random() < LOST_TO_FOLLOW_UP_SHARE
        ? {
            to: 'lost_to_follow_up',
            minDays: 30,
            maxDays: 300,
            note: 'No reply to 3 contact attempts',
          }
        : { to: 'closed', minDays: 360, maxDays: 400, note: '12-month follow-up completed' }
    case 'not_candidate':
    case 'resolved_conservatively':
    case 'closed':
    case 'lost_to_follow_up':
      return null
  }
}

function decide(random: Random, procedure: PathwayContext['procedure']): PathwayStep {
  const roll = random()
  if (roll < 0.6) {
    return { to: 'candidate', minDays: 2, maxDays: 21, note: `Candidate for ${procedure}` }
  }
  if (roll < 0.75) {
    return {
      to: 'not_candidate',
      minDays: 2,
      maxDays: 21,
      note: pick(random, NOT_CANDIDATE_REASONS),
    }
  }
  // VERTOS II: many eligible patients improved on their own during work-up.
  const note = 'Pain improved with conservative care'
  return { to: 'resolved_conservatively', minDays: 7, maxDays: 42, note }
}

interface WorkUpContext {
  patientId: string
  referralDay: Date
  painOnsetDay: Date
  todayDate: Date
  events: readonly GeneratedStatusEvent[]
}

/**
 * Imaging orders and fractures consistent with the pathway: orders go out on the day of the
 * imaging event and come back before the evaluation event; fractures are diagnosed from the
 * first completed study (or from the referral's X-ray report while imaging is outstanding).
 */
function simulateWorkUp(
  random: Random,
  context: WorkUpContext,
): { fractures: GeneratedFracture[]; imagingOrders: GeneratedImagingOrder[] } {
  const { patientId, referralDay, painOnsetDay, todayDate, events } = context
  const imagingEvent = events.find((event) => event.toStatus === 'imaging')
  const evaluationEvent = events.find((event) => event.toStatus === 'evaluation')
  const decision = events.find((event) => event.fromStatus === 'evaluation')
  const becameCandidate = decision?.toStatus === 'candidate'
  const healed = decision?.toStatus === 'not_candidate' && decision.note === HEALED_FRACTURE_REASON

  if (!imagingEvent) {
    const fractureCount = random() < REFERRED_WITH_FRACTURE_SHARE ? 1 : 0
    const { fractures } = drawFractures(random, {
      patientId,
      count: fractureCount,
      diagnosedDay: referralDay,
      painOnsetDay,
      edema: () => 'unknown',
    })
    return { fractures, imagingOrders: [] }
  }

  // A second order is an adjunct (X-ray, CT, DEXA), so the first one carries the confirmation.
  // The healed-fracture reason quotes an MRI, so that patient had one.
  const firstModality = healed ? 'mri' : pickWeighted(random, FIRST_MODALITY_WEIGHTS)
  const modalities: ImagingModality[] = [firstModality]
  if (random() < SECOND_ORDER_SHARE) {
    modalities.push(pickWeightedExcept(random, SECOND_MODALITY_WEIGHTS, modalities))
  }
  // The pathway's note said MRI before the modality was drawn; say what was actually ordered.
  imagingEvent.note = MODALITY_ORDER_NOTES[firstModality]
  const imagingDay = startOfUtcDay(imagingEvent.occurredAt)
  // Pending orders end at today; completed ones the day before the evaluation at the latest.
  const lastDay = evaluationEvent
    ? addDays(startOfUtcDay(evaluationEvent.occurredAt), -1)
    : todayDate
  const schedule = modalities.map((modality, position) => {
    // The work-up study goes out with the imaging event; adjuncts follow within the window.
    const orderedDay =
      position === 0
        ? imagingDay
        : addDays(imagingDay, randomInt(random, 0, daysFrom(imagingDay, lastDay)))
    const completedDay = evaluationEvent
      ? addDays(orderedDay, randomInt(random, 0, daysFrom(orderedDay, lastDay)))
      : null
    return { modality, orderedDay, completedDay }
  })

  const firstStudy = schedule[0]!
  const count = pickWeighted(random, FRACTURE_COUNT_WEIGHTS)
  const { fractures, indexFracture } = drawFractures(random, {
    patientId,
    count,
    diagnosedDay: firstStudy.completedDay ?? referralDay,
    painOnsetDay,
    edema: (isIndex) => {
      // STIR signal is read off an MRI only; bone scan and X-ray reports leave it unknown.
      if (!firstStudy.completedDay || firstStudy.modality !== 'mri') return 'unknown'
      if (healed) return 'no'
      // A candidate was accepted on an acute fracture, so the level that brought them in has edema.
      if (isIndex && becameCandidate) return 'yes'
      return pickWeighted(random, EDEMA_WEIGHTS)
    },
  })
  const imagingOrders = schedule.map(({ modality, orderedDay, completedDay }, position) => ({
    id: childUuid(patientId, IMAGING_ID_KIND, position),
    patientId,
    modality,
    orderedOn: isoDate(orderedDay),
    orderedBy: null,
    completedOn: completedDay && isoDate(completedDay),
    finding: completedDay
      ? findingFor(
          random,
          modality,
          // Past referral every patient has at least one fracture, so there is an index one.
          position === 0 ? indexFracture! : pick(random, fractures),
          fractures,
        )
      : null,
  }))
  return { fractures, imagingOrders }
}

interface FractureDraw {
  patientId: string
  count: number
  diagnosedDay: Date
  painOnsetDay: Date
  edema: (isIndex: boolean) => Edema
}

/**
 * `count` fractures at distinct levels, in anatomical order. The first drawn is the index
 * fracture, the one that brought the patient in (most often at the junction); null if none.
 */
function drawFractures(
  random: Random,
  draw: FractureDraw,
): { fractures: GeneratedFracture[]; indexFracture: GeneratedFracture | null } {
  const { patientId, count, diagnosedDay, painOnsetDay, edema } = draw
  const diagnosedOn = isoDate(diagnosedDay)
  // The index fracture is as old as the pain; weeks are whole, at least one.
  const weeksSinceOnset = clamp(Math.round(daysFrom(painOnsetDay, diagnosedDay) / 7), 1, 26)
  const fractures: GeneratedFracture[] = []
  let indexFracture: GeneratedFracture | null = null
  const taken: VertebralLevel[] = []
  for (let position = 0; position < count; position++) {
    const isIndex = position === 0
    const level = pickWeightedExcept(random, LEVEL_WEIGHTS, taken)
    taken.push(level)
    const heightLossPct = drawHeightLoss(random)
    const mriEdema = edema(isIndex)
    const posteriorWallInvolved = random() < POSTERIOR_WALL_SHARE
    const fracture: GeneratedFracture = {
      id: childUuid(patientId, FRACTURE_ID_KIND, position),
      patientId,
      level,
      diagnosedOn,
      heightLossPct,
      morphology: pickWeighted(random, MORPHOLOGY_WEIGHTS),
      // Other levels found on the same study: a level without edema is an older, healed one.
      fractureAgeWeeks: isIndex
        ? weeksSinceOnset
        : mriEdema === 'no'
          ? randomInt(random, 8, 26)
          : randomInt(random, 1, 26),
      mriEdema,
      // Deformity grows with collapse: about 0.4° per percent of height lost, ± 5°.
      kyphoticAngleDeg:
        random() < KYPHOTIC_ANGLE_SHARE
          ? roundTo(clamp(5 + heightLossPct * 0.4 + (random() * 10 - 5), 5, 35), 1)
          : null,
      posteriorWallInvolved,
      retropulsion: posteriorWallInvolved && random() < RETROPULSION_GIVEN_POSTERIOR_WALL,
      removedAt: null,
    }
    fractures.push(fracture)
    indexFracture ??= fracture
  }
  fractures.sort((a, b) => LEVEL_ORDER.get(a.level)! - LEVEL_ORDER.get(b.level)!)
  return { fractures, indexFracture }
}

/** Percent of vertebral height lost, 2 decimals: mostly 15–60, some below 15, a few to 80. */
function drawHeightLoss(random: Random): number {
  const roll = random()
  // Capped at 14.99 so rounding never lifts a below-threshold value onto the threshold.
  if (roll < BELOW_THRESHOLD_SHARE) return roundTo(5 + random() * 9.99, 2)
  if (roll < BELOW_THRESHOLD_SHARE + SEVERE_HEIGHT_LOSS_SHARE) return roundTo(60 + random() * 20, 2)
  // The mean of two draws peaks mid-range: moderate (grade 2) fractures are the most common.
  return roundTo(15 + ((random() + random()) / 2) * 45, 2)
}

function findingFor(
  random: Random,
  modality: ImagingModality,
  fracture: GeneratedFracture,
  fractures: readonly GeneratedFracture[],
): string {
  const { level } = fracture
  switch (modality) {
    case 'mri': {
      const read =
        fracture.mriEdema === 'yes'
          ? `Acute ${level} compression fracture with STIR edema`
          : fracture.mriEdema === 'no'
            ? `Healed ${level} compression fracture, no marrow edema`
            : `${level} compression fracture, STIR signal equivocal`
      const others = fractures.filter((other) => other !== fracture).map((other) => other.level)
      return others.length > 0 ? `${read}; also ${others.join(', ')}` : read
    }
    case 'bone_scan':
      return `Increased tracer uptake at ${level}`
    case 'ct':
      if (fracture.retropulsion) return `${level} fracture with posterior wall retropulsion`
      if (fracture.posteriorWallInvolved) return `${level} fracture involving the posterior wall`
      return `${level} compression fracture, posterior wall intact`
    case 'xray': {
      const loss = Math.round(fracture.heightLossPct)
      return `${level} ${fracture.morphology} deformity, ${loss} % height loss`
    }
    case 'dexa': {
      // Densitometry reads no fracture; fractured L1–L4 vertebrae are left out of its average.
      const reading = `Lumbar spine T-score ${(-1 - random() * 3).toFixed(1)}`
      const excluded = fractures
        .map((other) => other.level)
        .filter((other) => DEXA_LUMBAR_LEVELS.includes(other))
      return excluded.length > 0
        ? `${reading}, ${excluded.join(', ')} excluded (fracture)`
        : reading
    }
  }
}

interface TreatmentContext {
  patientId: string
  physicianId: string
  procedure: ProcedureType
  status: PatientStatus
  events: readonly GeneratedStatusEvent[]
  fractures: readonly GeneratedFracture[]
  today: Date
  /** Today's UTC date as whole days since 1970-01-01. */
  todayDay: number
}

interface Treatment {
  procedures: GeneratedProcedure[]
  treatedLevels: GeneratedTreatedLevel[]
  adverseEvents: GeneratedAdverseEvent[]
  followUps: GeneratedFollowUp[]
  lastDisposition: Disposition | null
  nextFollowUpOn: string | null
}

/**
 * Procedures, adverse events and follow-ups consistent with the pathway: a patient booked and not
 * yet treated has a scheduled procedure; a treated one a procedure completed on the day of the
 * "treated" event, whose follow-ups are assessed up to today, to closure, or until lost.
 */
function simulateTreatment(random: Random, context: TreatmentContext): Treatment {
  const { patientId, physicianId, procedure, events, fractures, today, todayDay } = context
  const treatment: Treatment = {
    procedures: [],
    treatedLevels: [],
    adverseEvents: [],
    followUps: [],
    lastDisposition: null,
    nextFollowUpOn: null,
  }
  let booked: GeneratedStatusEvent | undefined
  let treated: GeneratedStatusEvent | undefined
  let followedUp: GeneratedStatusEvent | undefined
  let ended: GeneratedStatusEvent | undefined
  for (const event of events) {
    if (event.toStatus === 'scheduled') booked = event
    else if (event.toStatus === 'treated') treated = event
    else if (event.toStatus === 'follow_up') followedUp = event
    else if (event.toStatus === 'closed' || event.toStatus === 'lost_to_follow_up') ended = event
  }
  if (!booked) return treatment

  const levelFractures = planLevels(random, fractures)
  const plan = {
    patientId,
    type: procedure,
    physicianId,
    setting: 'outpatient',
    anesthesia: random() < LOCAL_SEDATION_SHARE ? 'local_sedation' : 'general',
    approach:
      random() <
      (procedure === 'kyphoplasty'
        ? KYPHOPLASTY_BIPEDICULAR_SHARE
        : VERTEBROPLASTY_BIPEDICULAR_SHARE)
        ? 'bipedicular'
        : 'unipedicular',
    plannedLevels: levelFractures.map((fracture) => fracture.level),
    cement: 'PMMA',
    createdAt: booked.occurredAt,
  } satisfies Partial<GeneratedProcedure>
  const procedureId = childUuid(patientId, PROCEDURE_ID_KIND, 0)
  const bookedDay = dayNumber(booked.occurredAt)

  if (!treated) {
    const day = todayDay + randomInt(random, 0, SCHEDULED_AHEAD_MAX_DAYS)
    const scheduledAt = duringBusinessHours(random, new Date(day * DAY_MS))
    const scheduled: GeneratedProcedure = {
      ...plan,
      id: procedureId,
      status: 'scheduled',
      scheduledAt,
      performedAt: null,
      cancelReason: null,
      disposition: null,
      overnightReason: null,
      dischargedAt: null,
      updatedAt: booked.occurredAt,
    }
    treatment.procedures = withCancelled(random, plan, bookedDay, day, [scheduled])
    return treatment
  }

  const performedDay = dayNumber(treated.occurredAt)
  const dayStart = performedDay * DAY_MS
  // Not after the event that records it, so never after `today` either.
  const latestMinute = Math.min(
    15 * 60,
    Math.floor((treated.occurredAt.getTime() - dayStart) / 60_000),
  )
  const performedAt = new Date(dayStart + randomInt(random, 8 * 60, latestMinute) * 60_000)

  const adverseEvent = drawAdverseEvent(random, {
    id: childUuid(patientId, ADVERSE_EVENT_ID_KIND, 0),
    procedureId,
    patientId,
    performedDay,
    todayDay,
  })
  // A symptomatic event on the day keeps the patient in; otherwise the NSQIP-like split.
  const complicated =
    adverseEvent?.row.symptomatic === true && adverseEvent.detectedDay === performedDay
  const levelCount = levelFractures.length
  const sameDayShare = SAME_DAY_SHARE_BY_LEVELS[Math.min(levelCount, 3) - 1] ?? 0.6
  const disposition: Disposition =
    !complicated && random() < sameDayShare ? 'same_day' : 'overnight'
  const overnightReason: OvernightReason | null =
    disposition === 'same_day'
      ? null
      : complicated
        ? 'complication'
        : pickWeighted(
            random,
            levelCount >= 2 ? MULTI_LEVEL_OVERNIGHT_REASON_WEIGHTS : OVERNIGHT_REASON_WEIGHTS,
          )
  const dischargeAt =
    disposition === 'same_day'
      ? performedAt.getTime() + randomInt(random, 120, 360) * 60_000
      : dayStart + DAY_MS + randomInt(random, 7 * 60, 11 * 60) * 60_000
  // Still on the ward if the discharge would be after `today`.
  const dischargedAt = dischargeAt <= today.getTime() ? new Date(dischargeAt) : null
  const completed: GeneratedProcedure = {
    ...plan,
    id: procedureId,
    status: 'completed',
    scheduledAt: duringBusinessHours(random, new Date(dayStart)),
    performedAt,
    cancelReason: null,
    disposition,
    overnightReason,
    dischargedAt,
    updatedAt: dischargedAt ?? performedAt,
  }
  // The booked slot is the morning of the procedure, not after it.
  if (completed.scheduledAt > performedAt) completed.scheduledAt = performedAt
  treatment.procedures = withCancelled(random, plan, bookedDay, performedDay, [completed])
  treatment.lastDisposition = disposition

  const correction = ANGLE_CORRECTION[procedure]
  const cement = CEMENT_ML[procedure]
  const restored = HEIGHT_RESTORED_PCT[procedure]
  treatment.treatedLevels = levelFractures.map((fracture, position) => {
    const before = fracture.kyphoticAngleDeg ?? roundTo(8 + random() * 22, 1)
    // The mean of two draws centres the correction on the published mean.
    const change = correction.min + ((random() + random()) / 2) * (correction.max - correction.min)
    return {
      id: childUuid(patientId, TREATED_LEVEL_ID_KIND, position),
      procedureId,
      fractureId: fracture.id,
      level: fracture.level,
      cementVolumeMl: roundTo(cement.min + random() * (cement.max - cement.min), 1),
      kyphoticAngleBeforeDeg: before,
      kyphoticAngleAfterDeg: roundTo(Math.max(0, before - change), 1),
      heightRestoredPct: roundTo(restored.min + random() * (restored.max - restored.min), 1),
    }
  })
  if (adverseEvent) treatment.adverseEvents = [adverseEvent.row]

  const firstLevel = treatment.treatedLevels[0]!
  const fractureFound =
    adverseEvent?.row.category === 'new_adjacent_fracture' ||
    adverseEvent?.row.category === 'new_remote_fracture'
  const { followUps, nextDueDay } = simulateFollowUps(random, {
    patientId,
    procedureId,
    type: procedure,
    performedDay,
    bookedDay,
    todayDay,
    checkedDay: followedUp ? dayNumber(followedUp.occurredAt) : null,
    closedDay: ended?.toStatus === 'closed' ? dayNumber(ended.occurredAt) : null,
    lostDay: ended?.toStatus === 'lost_to_follow_up' ? dayNumber(ended.occurredAt) : null,
    newFractureDay: fractureFound ? adverseEvent.detectedDay : null,
    angleBefore: firstLevel.kyphoticAngleBeforeDeg,
    angleAfter: firstLevel.kyphoticAngleAfterDeg,
  })
  treatment.followUps = followUps
  treatment.nextFollowUpOn = nextDueDay === null ? null : isoDay(nextDueDay)
  return treatment
}

/** Prepends, for a few patients, an earlier booking that was cancelled. */
function withCancelled(
  random: Random,
  plan: Omit<
    GeneratedProcedure,
    | 'id'
    | 'status'
    | 'scheduledAt'
    | 'performedAt'
    | 'cancelReason'
    | 'disposition'
    | 'overnightReason'
    | 'dischargedAt'
  >,
  bookedDay: number,
  procedureDay: number,
  procedures: GeneratedProcedure[],
): GeneratedProcedure[] {
  if (random() >= CANCELLED_BEFORE_SHARE) return procedures
  // Booked for a day before the one that went ahead (the booking day itself if there is none).
  const day = bookedDay + randomInt(random, 0, Math.max(0, procedureDay - 1 - bookedDay))
  const cancelled: GeneratedProcedure = {
    ...plan,
    id: childUuid(plan.patientId, PROCEDURE_ID_KIND, 1),
    status: 'cancelled',
    scheduledAt: duringBusinessHours(random, new Date(day * DAY_MS)),
    performedAt: null,
    cancelReason: pick(random, CANCEL_REASONS),
    disposition: null,
    overnightReason: null,
    dischargedAt: null,
    updatedAt: plan.createdAt,
  }
  return [cancelled, ...procedures]
}

/**
 * The levels one session treats, in anatomical order: VCFs (≥ 15 % height loss) at T1–L5, acute
 * ones (edema) and the most collapsed first, at most three; failing those, any recorded level.
 */
function planLevels(random: Random, fractures: readonly GeneratedFracture[]): GeneratedFracture[] {
  const treatable = fractures.filter((fracture) => fracture.level !== 'S1')
  const vcfs = treatable.filter((fracture) => fracture.heightLossPct >= VCF_THRESHOLD_PCT)
  const pool = vcfs.length > 0 ? vcfs : treatable.length > 0 ? treatable : [...fractures]
  pool.sort(
    (a, b) =>
      Number(b.mriEdema === 'yes') - Number(a.mriEdema === 'yes') ||
      b.heightLossPct - a.heightLossPct,
  )
  const count = random() < ALL_LEVELS_SHARE ? Math.min(pool.length, MAX_LEVELS_PER_SESSION) : 1
  return pool.slice(0, count).sort((a, b) => LEVEL_ORDER.get(a.level)! - LEVEL_ORDER.get(b.level)!)
}

interface AdverseEventDraw {
  id: string
  procedureId: string
  patientId: string
  performedDay: number
  todayDay: number
}

function drawAdverseEvent(
  random: Random,
  draw: AdverseEventDraw,
): { row: GeneratedAdverseEvent; detectedDay: number } | null {
  if (random() >= ADVERSE_EVENT_SHARE) return null
  const { id, procedureId, patientId, performedDay, todayDay } = draw
  const category = pickWeighted(random, ADVERSE_EVENT_WEIGHTS)
  const profile = ADVERSE_EVENT_PROFILE[category]
  const leakage = category === 'cement_leakage'
  const leakageLocation = leakage ? pickWeighted(random, LEAKAGE_LOCATION_WEIGHTS) : null
  // Cement in the canal is the leak that causes symptoms.
  const symptomatic =
    random() < (leakageLocation === 'canal' ? CANAL_LEAK_SYMPTOMATIC_SHARE : profile.symptomatic)
  const available = todayDay - performedDay
  const detectedDay =
    performedDay +
    randomInt(
      random,
      Math.min(profile.minDelayDays, available),
      Math.min(profile.maxDelayDays, available),
    )
  const row: GeneratedAdverseEvent = {
    id,
    procedureId,
    patientId,
    category,
    leakageType: leakage ? pickWeighted(random, LEAKAGE_TYPE_WEIGHTS) : null,
    leakageLocation,
    symptomatic,
    detectedOn: isoDay(detectedDay),
    note: category === 'other' ? 'Vasovagal episode during positioning' : null,
    recordedBy: null,
  }
  return { row, detectedDay }
}

interface FollowUpDraw {
  patientId: string
  procedureId: string
  type: ProcedureType
  performedDay: number
  bookedDay: number
  todayDay: number
  /** The day of the "48-hour check done" event, if it has happened. */
  checkedDay: number | null
  closedDay: number | null
  lostDay: number | null
  newFractureDay: number | null
  angleBefore: number
  angleAfter: number
}

/**
 * The seven scheduled assessments. Each is planned for a day in its window near the due date;
 * it is recorded if that day is not after today (nor after the patient was lost), bar ~10 %
 * missed. Baseline is always done before the procedure, 48 h on the follow-up event's day, and a
 * closed patient attended all of them, the 12-month one by the day of closing.
 */
function simulateFollowUps(
  random: Random,
  draw: FollowUpDraw,
): { followUps: GeneratedFollowUp[]; nextDueDay: number | null } {
  const { patientId, procedureId, type, performedDay, bookedDay, todayDay } = draw
  const { checkedDay, closedDay, lostDay, newFractureDay } = draw
  const responder = random() < RESPONDER_SHARE[type]
  // Share of the baseline pain gone at 1 month. Below 22 % no rounding reaches a 2-point, 30 %
  // fall from a 7–9 baseline; from 50 % every rounding does, so the responder draw decides.
  const relief = responder
    ? 0.5 + random() * 0.35 + (type === 'kyphoplasty' ? 0.03 : 0)
    : random() * 0.22
  // Disability follows pain, loosely.
  const disabilityRelief = clamp(relief * 0.85 + (random() - 0.5) * 0.1, 0, 0.9)
  const basePain = randomInt(random, 7, 9)
  const baseOdi = randomInt(random, 50, 75)
  const baseRmdq = random() < RMDQ_SHARE ? randomInt(random, 14, 22) : null
  const followUps: GeneratedFollowUp[] = []
  let nextDueDay: number | null = null
  let fractureReported = false
  for (let position = 0; position < FOLLOW_UP_SCHEDULE.length; position++) {
    const { timepoint, dueDay, from, to } = FOLLOW_UP_SCHEDULE[position]!
    const due = performedDay + dueDay
    const windowStart = performedDay + from
    const windowEnd = performedDay + to
    let planned: number | null
    if (position === 0) {
      planned = performedDay - randomInt(random, 0, Math.min(-from, performedDay - bookedDay))
    } else if (position === 1) {
      planned = checkedDay
    } else {
      planned =
        due + randomInt(random, Math.ceil((from - dueDay) / 2), Math.floor((to - dueDay) / 2))
      if (closedDay !== null) planned = Math.max(windowStart, Math.min(planned, closedDay))
    }
    const assessed =
      planned !== null &&
      planned <= todayDay &&
      (lostDay === null || planned < lostDay) &&
      (position <= 1 || closedDay !== null || random() < ASSESSED_SHARE)
    const row: GeneratedFollowUp = {
      id: childUuid(patientId, FOLLOW_UP_ID_KIND, position),
      patientId,
      procedureId,
      timepoint,
      dueOn: isoDay(due),
      windowStart: isoDay(windowStart),
      windowEnd: isoDay(windowEnd),
      assessedOn: null,
      painNrs: null,
      odi: null,
      rmdq: null,
      analgesicUse: null,
      mobility: null,
      newFracture: null,
      kyphoticAngleDeg: null,
      note: null,
      recordedBy: null,
    }
    // Checked again: TypeScript does not narrow a `let` through the alias.
    if (assessed && planned !== null) {
      const curve = RELIEF_CURVE[position] ?? 1
      const painNrs = clamp(
        Math.round(basePain * (1 - Math.min(0.95, relief * curve)) + (random() - 0.5)),
        0,
        10,
      )
      const disability = 1 - Math.min(0.95, disabilityRelief * curve)
      // Scatter between visits; baseline scores stay the ones drawn above.
      const jitter = position === 0 ? 0 : random() - 0.5
      row.assessedOn = isoDay(planned)
      row.painNrs = painNrs
      row.odi = clamp(Math.round(baseOdi * disability + jitter * 6), 0, 100)
      row.rmdq =
        baseRmdq === null ? null : clamp(Math.round(baseRmdq * disability + jitter * 2), 0, 24)
      row.analgesicUse = analgesicFor(random, painNrs)
      row.mobility = mobilityFor(random, painNrs)
      // Reported once, at the first visit after the adverse event recorded it.
      const newFracture: boolean =
        position > 0 && !fractureReported && newFractureDay !== null && planned >= newFractureDay
      fractureReported ||= newFracture
      row.newFracture = newFracture
      if (random() < FOLLOW_UP_ANGLE_SHARE) {
        // Baseline shows the fracture; later films the treated level, settling a little.
        row.kyphoticAngleDeg =
          position === 0 ? draw.angleBefore : roundTo(draw.angleAfter + random() * 1.5, 1)
      }
    } else if (windowEnd >= todayDay && (nextDueDay === null || due < nextDueDay)) {
      nextDueDay = due
    }
    followUps.push(row)
  }
  return { followUps, nextDueDay }
}

function analgesicFor(random: Random, painNrs: number): AnalgesicUse {
  if (painNrs >= 6) return random() < 0.75 ? 'opioid' : 'non_opioid'
  if (painNrs >= 3) return random() < 0.2 ? 'opioid' : 'non_opioid'
  return random() < 0.3 ? 'non_opioid' : 'none'
}

function mobilityFor(random: Random, painNrs: number): Mobility {
  if (painNrs >= 8) return random() < 0.3 ? 'bedbound' : 'assisted'
  if (painNrs >= 5) return 'assisted'
  if (painNrs >= 3) return random() < 0.4 ? 'assisted' : 'independent'
  return 'independent'
}

type Random = () => number

/** mulberry32: a tiny 32-bit PRNG, plenty for synthetic data and identical on every platform. */
function mulberry32(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

/** Distinct indices get distinct seeds: adding a constant and fmix32 are both bijections. */
function patientSeed(seed: number, index: number): number {
  return fmix32((fmix32(seed >>> 0) + index) >>> 0)
}

// MurmurHash3's finalizer: spreads neighbouring integers across all 32 bits.
function fmix32(value: number): number {
  let h = value
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

// Ids are built from (seed, index), not drawn from the PRNG: its 32-bit state repeats, so drawn
// ids collided past ~65,000 patients. Layout: seed-kind/position-4000-8000-index (a v4 shape).
const FRACTURE_ID_KIND = 1
const IMAGING_ID_KIND = 2
const PROCEDURE_ID_KIND = 3
const ADVERSE_EVENT_ID_KIND = 4
const FOLLOW_UP_ID_KIND = 5
const TREATED_LEVEL_ID_KIND = 6

export function seededUuid(seed: number, index: number): string {
  return `${hex8(seed)}-0000-4000-8000-${index.toString(16).padStart(12, '0')}`
}

/** The id of a patient's n-th row of a kind: the patient's id with its second group replaced. */
function childUuid(patientId: string, kind: number, position: number): string {
  const group = (kind * 0x1000 + position).toString(16).padStart(4, '0')
  return `${patientId.slice(0, 9)}${group}${patientId.slice(13)}`
}

// A byte table: Number#toString(16) is slow enough to dominate generating a million patients.
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

/** The low 32 bits of `value` as 8 hex digits. */
function hex8(value: number): string {
  const word = value >>> 0
  return (
    HEX_BYTES[word >>> 24]! +
    HEX_BYTES[(word >>> 16) & 0xff]! +
    HEX_BYTES[(word >>> 8) & 0xff]! +
    HEX_BYTES[word & 0xff]!
  )
}

function words(list: string): string[] {
  return list.trim().split(/\s+/)
}

function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!
}

/** A weighted pick among the choices not yet taken (distinct fracture levels, say). */
function pickWeightedExcept<T>(
  random: Random,
  choices: readonly (readonly [T, number])[],
  taken: readonly T[],
): T {
  if (taken.length >= choices.length) throw new Error('pickWeightedExcept: every choice is taken')
  // Redrawing a taken value samples the rest in proportion to their weights, with no filtered copy.
  for (;;) {
    const value = pickWeighted(random, choices)
    if (!taken.includes(value)) return value
  }
}

function pickWeighted<T>(random: Random, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0)
  let remaining = random() * total
  for (const [value, weight] of choices) {
    remaining -= weight
    if (remaining < 0) return value
  }
  // Floating-point rounding can leave a sliver past the last weight.
  return choices[choices.length - 1]![0]
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value))
}

function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals
  return Math.round(value * factor) / factor
}

function startOfUtcDay(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()))
}

function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * DAY_MS)
}

/** Whole days from `earlier` to `later`, both UTC midnights. */
function daysFrom(earlier: Date, later: Date): number {
  return Math.round((later.getTime() - earlier.getTime()) / DAY_MS)
}

/** A time between 08:00 and 17:59 UTC on the given day. */
function duringBusinessHours(random: Random, day: Date): Date {
  return new Date(day.getTime() + (8 * 60 + randomInt(random, 0, 599)) * 60_000)
}

// Hand-formatted: toISOString is several times slower, and this runs three times per patient.
function isoDate(day: Date): string {
  const month = day.getUTCMonth() + 1
  const date = day.getUTCDate()
  return `${day.getUTCFullYear()}-${month < 10 ? '0' : ''}${month}-${date < 10 ? '0' : ''}${date}`
}

/** Whole days since 1970-01-01 of the instant's UTC date. */
function dayNumber(instant: Date): number {
  return Math.floor(instant.getTime() / DAY_MS)
}

// Follow-ups need three dates each from a few thousand distinct days, so each is formatted once.
const ISO_DAYS = new Map<number, string>()

/** The yyyy-mm-dd of a day number. */
function isoDay(day: number): string {
  let iso = ISO_DAYS.get(day)
  if (iso === undefined) {
    iso = isoDate(new Date(day * DAY_MS))
    ISO_DAYS.set(day, iso)
  }
  return iso
}
