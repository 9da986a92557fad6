import type { Disposition, Etiology, ProcedureType, Sex } from '@/db/schema'

export type { Disposition, ProcedureType }

// The planned procedure and the last disposition are columns of the candidate list (and its
// export), so their labels live here; lib/procedures reads them from here, never the reverse.

export const PROCEDURE_LABELS: Record<ProcedureType, string> = {
  vertebroplasty: 'Vertebroplasty',
  kyphoplasty: 'Kyphoplasty',
}

export const DISPOSITION_LABELS: Record<Disposition, string> = {
  same_day: 'Same-day discharge',
  overnight: 'Overnight observation',
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
