import type { Etiology, NewPatient, NewPatientStatusEvent, PatientStatus, Sex } from '../schema'

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
const NOT_CANDIDATE_REASONS = [
  'Pain not attributable to fracture',
  'Healed fracture: no marrow edema on MRI',
  'Active infection (discitis)',
  'Spinal instability: referred for surgical opinion',
  'Uncorrected coagulopathy',
  'Pain below threshold after optimal medical management',
] as const
const PROCEDURES = ['vertebroplasty', 'kyphoplasty'] as const

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

const REFERRAL_WINDOW_DAYS = 3 * 365
// A fifth of referrals land in the last four months so active worklists are populated at any size.
const RECENT_REFERRAL_SHARE = 0.2
const RECENT_REFERRAL_DAYS = 120
const PHONE_SHARE = 0.85
const LOST_TO_FOLLOW_UP_SHARE = 0.12
const DAY_MS = 24 * 60 * 60 * 1000

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

export interface GeneratedPatient {
  patient: NewPatient & { id: string }
  /** From null → referred up to the patient's status, oldest first. */
  events: GeneratedStatusEvent[]
}

export function* generatePatients(options: GeneratePatientsOptions): Generator<GeneratedPatient> {
  const { count, seed, physicianIds, today, startIndex = 0 } = options
  if (physicianIds.length === 0) throw new Error('generatePatients needs at least one physician id')
  for (let index = startIndex; index < startIndex + count; index++) {
    // One generator per patient, seeded from (seed, index): batches need no shared state.
    yield generatePatient(mulberry32(patientSeed(seed, index)), index, physicianIds, today)
  }
}

function generatePatient(
  random: Random,
  index: number,
  physicianIds: readonly string[],
  today: Date,
): GeneratedPatient {
  const id = randomUuid(random)
  const sex = pickWeighted(random, SEX_WEIGHTS)
  const firstName = pick(random, firstNamesFor(sex))
  const lastName = pick(random, LAST_NAMES)
  const todayDate = startOfUtcDay(today)
  const referralDay = addDays(todayDate, -referralDaysAgo(random))
  const referringPhysician = pick(random, REFERRING_PHYSICIANS)
  const procedure = pick(random, PROCEDURES)
  const events = simulatePathway(random, { referralDay, referringPhysician, procedure, today })
  const lastEvent = events[events.length - 1]!
  return {
    patient: {
      id,
      // Zero-padded to seven digits so 1M patients sort as text in index order.
      mrn: `M${String(index).padStart(7, '0')}`,
      firstName,
      lastName,
      dateOfBirth: isoDate(dateOfBirthFor(random, todayDate)),
      sex,
      phone:
        random() < PHONE_SHARE
          ? `555-01${String(randomInt(random, 0, 99)).padStart(2, '0')}`
          : null,
      referralDate: isoDate(referralDay),
      referringPhysician,
      assignedPhysicianId: pick(random, physicianIds),
      etiology: pickWeighted(random, ETIOLOGY_WEIGHTS),
      painOnsetDate: isoDate(addDays(referralDay, -randomInt(random, 7, 84))),
      status: lastEvent.toStatus,
      createdAt: events[0]!.occurredAt,
      updatedAt: lastEvent.occurredAt,
    },
    events,
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
  procedure: (typeof PROCEDURES)[number]
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

function randomUuid(random: Random): string {
  const first = hex8(random() * 2 ** 32)
  // Version 4 in the third group's first digit, the RFC 4122 variant (10xx) in the fourth's.
  const middle = hex8(((random() * 2 ** 32) & 0xffff0fff) | 0x00004000)
  const variant = hex8(((random() * 2 ** 32) & 0x3fffffff) | 0x80000000)
  const last = hex8(random() * 2 ** 32)
  return [
    first,
    middle.slice(0, 4),
    middle.slice(4),
    variant.slice(0, 4),
    variant.slice(4) + last,
  ].join('-')
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

function startOfUtcDay(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()))
}

function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * DAY_MS)
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
