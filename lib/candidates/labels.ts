import type { Etiology, ProcedureType, Sex } from '@/db/schema'

export const PROCEDURE_LABELS: Record<ProcedureType, string> = {
  vertebroplasty: 'Vertebroplasty',
  kyphoplasty: 'Kyphoplasty',
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
