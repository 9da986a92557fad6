import type {
  AdverseEvent,
  CandidacyDecision,
  Fracture,
  FollowUp,
  ImagingOrder,
  Patient,
  PatientStatus,
  Procedure,
  TreatedLevel,
} from '@/db/schema'
import type { CurrentStaff } from '@/lib/auth/session'
import type { RecordAccess, restrictionSummary } from './restricted-access'
import type { ProcedureAmendment } from '@/lib/procedures/amendment'

// The record page's read model: each part names the columns the page shows or posts back (ids
// and versions for the forms), never a whole row.

export interface RecordPatient {
  id: string
  mrn: string
  fullName: string
  age: number
  dateOfBirth: string
  sex: Patient['sex']
  phone: string | null
  etiology: Patient['etiology']
  status: PatientStatus
  plannedProcedure: Patient['plannedProcedure']
  referralDate: string
  referringPhysician: string
  painOnsetDate: string | null
  assignedPhysicianId: string
  physicianName: string
  /** The version a form posts back: a write from a stale view is refused. */
  version: number
}

export interface RecordFracture {
  id: string
  level: Fracture['level']
  diagnosedOn: string | null
  heightLossPct: number
  morphology: Fracture['morphology']
  fractureAgeWeeks: number | null
  mriEdema: Fracture['mriEdema']
  kyphoticAngleDeg: number | null
  posteriorWallInvolved: boolean
  retropulsion: boolean
  version: number
}

export interface RecordImagingOrder {
  id: string
  modality: ImagingOrder['modality']
  orderedOn: string
  completedOn: string | null
  finding: string | null
}

export interface RecordAssessment {
  decision: CandidacyDecision
  plannedProcedure: Patient['plannedProcedure']
  /** The checklist as answered, with its evaluation (lib/candidacy/schemas.ts). */
  checklist: Record<string, unknown>
  reason: string | null
  justification: string | null
  decidedAt: Date
  physicianName: string
}

export interface RecordTreatedLevel {
  id: string
  level: TreatedLevel['level']
  cementVolumeMl: number
  kyphoticAngleBeforeDeg: number | null
  kyphoticAngleAfterDeg: number | null
  heightRestoredPct: number | null
}

export interface RecordAdverseEvent {
  id: string
  category: AdverseEvent['category']
  leakageType: AdverseEvent['leakageType']
  leakageLocation: AdverseEvent['leakageLocation']
  symptomatic: boolean
  detectedOn: string
  note: string | null
}

export interface RecordProcedure {
  id: string
  type: Procedure['type']
  status: Procedure['status']
  scheduledAt: Date
  /** Minutes the room and the physician are booked. */
  durationMinutes: number
  performedAt: Date | null
  physicianId: string
  physicianName: string
  anesthesia: Procedure['anesthesia']
  approach: Procedure['approach']
  plannedLevels: Procedure['plannedLevels']
  cement: string
  cancelReason: string | null
  disposition: Procedure['disposition']
  overnightReason: Procedure['overnightReason']
  dischargedAt: Date | null
  version: number
  treatedLevels: RecordTreatedLevel[]
  adverseEvents: RecordAdverseEvent[]
  /** Corrections after completion, oldest first, each with what it changed and why. */
  amendments: ProcedureAmendment[]
}

export interface RecordFollowUp {
  id: string
  timepoint: FollowUp['timepoint']
  dueOn: string
  windowStart: string
  windowEnd: string
  assessedOn: string | null
  painNrs: number | null
  odi: number | null
  analgesicUse: FollowUp['analgesicUse']
  mobility: FollowUp['mobility']
  version: number
}

export interface RecordStatusEvent {
  id: number
  fromStatus: PatientStatus | null
  toStatus: PatientStatus
  note: string | null
  occurredAt: Date
  /** Who moved the patient; "System" for moves no member made. */
  actorName: string
}

export interface RecordAuditEntry {
  id: number
  occurredAt: Date
  action: string
  actorEmail: string | null
  /** The reason given for an access event, for those who may open the record. */
  reason: string | null
  /** The fields a change touched, in words ("scheduled at", "physician"). */
  changed: string[]
}

export interface PatientRecord {
  me: CurrentStaff
  access: RecordAccess
  restriction: Awaited<ReturnType<typeof restrictionSummary>>
  patient: RecordPatient
  fractures: RecordFracture[]
  imaging: RecordImagingOrder[]
  assessment: RecordAssessment | null
  procedures: RecordProcedure[]
  followUps: RecordFollowUp[]
  statusEvents: RecordStatusEvent[]
  auditEntries: RecordAuditEntry[]
}
