import type { Etiology, PatientStatus, Sex } from '@/db/schema'

export type { PatientStatus }

export const STATUS_LABELS: Record<PatientStatus, string> = {
  referred: 'Referred',
  imaging: 'Imaging',
  evaluation: 'Evaluation',
  candidate: 'Candidate',
  not_candidate: 'Not a candidate',
  resolved_conservatively: 'Resolved conservatively',
  scheduled: 'Scheduled',
  treated: 'Treated',
  follow_up: 'Follow-up',
  closed: 'Closed',
  lost_to_follow_up: 'Lost to follow-up',
}

export const ETIOLOGY_LABELS: Record<Etiology, string> = {
  osteoporotic: 'Osteoporotic',
  steroid_induced_osteoporosis: 'Steroid-induced osteoporosis',
  multiple_myeloma: 'Multiple myeloma',
  metastatic_tumor: 'Metastatic tumor',
  traumatic: 'Traumatic',
  other: 'Other',
}

export const SEX_LABELS: Record<Sex, string> = {
  female: 'Female',
  male: 'Male',
  other: 'Other',
  unknown: 'Unknown',
}
