import type {
  AdverseEventCategory,
  Disposition,
  OvernightReason,
  ProcedureType,
  anesthesiaTypes,
  approaches,
  leakageLocations,
  leakageTypes,
  ProcedureStatus,
} from '@/db/schema'
import type { ProcedureView } from './list-params'

export type { Disposition, ProcedureType }

export const PROCEDURE_LABELS: Record<ProcedureType, string> = {
  vertebroplasty: 'Vertebroplasty',
  kyphoplasty: 'Kyphoplasty',
}

export const DISPOSITION_LABELS: Record<Disposition, string> = {
  same_day: 'Same-day discharge',
  overnight: 'Overnight observation',
}

export const OVERNIGHT_REASON_LABELS: Record<OvernightReason, string> = {
  pain_control: 'Pain control',
  anesthesia_recovery: 'Anesthesia recovery',
  comorbidity_monitoring: 'Comorbidity monitoring',
  complication: 'Complication',
  multi_level_procedure: 'Multi-level procedure',
  transport_social: 'Transport or social',
  physician_preference: 'Physician preference',
  other: 'Other',
}

export const ANESTHESIA_LABELS: Record<(typeof anesthesiaTypes)[number], string> = {
  general: 'General',
  local_sedation: 'Local with sedation',
}

export const APPROACH_LABELS: Record<(typeof approaches)[number], string> = {
  unipedicular: 'Unipedicular',
  bipedicular: 'Bipedicular',
}

export const PROCEDURE_STATUS_LABELS: Record<ProcedureStatus, string> = {
  scheduled: 'Scheduled',
  completed: 'Completed',
  cancelled: 'Cancelled',
}

export const ADVERSE_EVENT_LABELS: Record<AdverseEventCategory, string> = {
  cement_leakage: 'Cement leakage',
  new_adjacent_fracture: 'New adjacent fracture',
  new_remote_fracture: 'New remote fracture',
  pulmonary_cement_embolism: 'Pulmonary cement embolism',
  infection: 'Infection',
  neurologic_deficit: 'Neurologic deficit',
  bleeding_hematoma: 'Bleeding or hematoma',
  anesthesia_complication: 'Anesthesia complication',
  death: 'Death',
  other: 'Other',
}

export const LEAKAGE_TYPE_LABELS: Record<(typeof leakageTypes)[number], string> = {
  B: 'Type B (basivertebral vein)',
  S: 'Type S (segmental vein)',
  C: 'Type C (cortical defect)',
}

export const LEAKAGE_LOCATION_LABELS: Record<(typeof leakageLocations)[number], string> = {
  disc: 'Disc',
  paravertebral: 'Paravertebral',
  canal: 'Spinal canal',
}

export const PROCEDURE_VIEW_LABELS: Record<ProcedureView, string> = {
  today: 'Today',
  upcoming: 'Upcoming',
  needs_completion: 'Needs completion',
  completed: 'Completed',
  cancelled: 'Cancelled',
}
