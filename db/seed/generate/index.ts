import type { Disposition, NewPatient, ProcedureType } from '../../schema'
import type { GeneratedAdverseEvent } from './adverse-events'
import { addDays, dayNumber, isoDate, startOfUtcDay } from './days'
import {
  dateOfBirthFor,
  ETIOLOGY_WEIGHTS,
  firstNamesFor,
  LAST_NAMES,
  PHONE_SHARE,
  referralDaysAgo,
  REFERRING_PHYSICIANS,
  SEX_WEIGHTS,
} from './demographics'
import type { GeneratedFollowUp } from './follow-ups'
import type { GeneratedFracture } from './fractures'
import { seededUuid } from './ids'
import { type GeneratedImagingOrder, simulateWorkUp } from './imaging'
import { type GeneratedStatusEvent, simulatePathway } from './pathway'
import {
  type GeneratedProcedure,
  type GeneratedTreatedLevel,
  simulateTreatment,
} from './procedures'
import { mulberry32, patientSeed, pick, pickWeighted, type Random, randomInt } from './random'

// Synthetic patients, each drawn from its own PRNG seeded by (seed, index), so any range of
// indices yields the same rows. Each patient is drawn in steps (demographics, status pathway,
// imaging work-up and fractures, treatment and follow-ups) whose draws must keep their order, or a
// seed would stop giving the same data.
const PROCEDURE_WEIGHTS: readonly (readonly [ProcedureType, number])[] = [
  ['vertebroplasty', 0.55],
  ['kyphoplasty', 0.45],
]

export interface GeneratePatientsOptions {
  count: number
  seed: number
  physicianIds: readonly string[]
  /** Nothing is dated after this instant; ages and referral dates count back from its UTC date. */
  today: Date
  /** Index of the first patient: consecutive ranges yield exactly the patients of one long run. */
  startIndex?: number
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
