import { pgEnum } from 'drizzle-orm/pg-core'

// Every PostgreSQL enum, with the TypeScript union of its values beside it.

export const staffRoles = ['coordinator', 'physician', 'admin'] as const
export const staffRole = pgEnum('staff_role', staffRoles)

export const sexes = ['female', 'male', 'other', 'unknown'] as const
export const sex = pgEnum('sex', sexes)

export const etiologies = [
  'osteoporotic',
  'steroid_induced_osteoporosis',
  'multiple_myeloma',
  'metastatic_tumor',
  'traumatic',
  'other',
] as const
export const etiology = pgEnum('etiology', etiologies)

export const patientStatuses = [
  'referred',
  'imaging',
  'evaluation',
  'candidate',
  'not_candidate',
  'resolved_conservatively',
  'scheduled',
  'treated',
  'follow_up',
  'closed',
  'lost_to_follow_up',
] as const
export const patientStatus = pgEnum('patient_status', patientStatuses)

export const procedureTypes = ['vertebroplasty', 'kyphoplasty'] as const
export const procedureType = pgEnum('procedure_type', procedureTypes)

// T1–T12, L1–L5, S1: the levels a compression fracture is recorded at, top to bottom.
export const vertebralLevels = [
  'T1',
  'T2',
  'T3',
  'T4',
  'T5',
  'T6',
  'T7',
  'T8',
  'T9',
  'T10',
  'T11',
  'T12',
  'L1',
  'L2',
  'L3',
  'L4',
  'L5',
  'S1',
] as const
export const vertebralLevel = pgEnum('vertebral_level', vertebralLevels)

export const fractureMorphologies = ['wedge', 'biconcave', 'crush'] as const
export const fractureMorphology = pgEnum('fracture_morphology', fractureMorphologies)

export const triStates = ['yes', 'no', 'unknown'] as const
export const triState = pgEnum('tri_state', triStates)

export const imagingModalities = ['mri', 'ct', 'xray', 'dexa', 'bone_scan'] as const
export const imagingModality = pgEnum('imaging_modality', imagingModalities)

export const candidacyDecisions = ['candidate', 'not_candidate', 'resolved_conservatively'] as const
export const candidacyDecision = pgEnum('candidacy_decision', candidacyDecisions)

export const procedureStatuses = ['scheduled', 'completed', 'cancelled'] as const
export const procedureStatus = pgEnum('procedure_status', procedureStatuses)

export const anesthesiaTypes = ['general', 'local_sedation'] as const
export const anesthesiaType = pgEnum('anesthesia_type', anesthesiaTypes)

export const approaches = ['unipedicular', 'bipedicular'] as const
export const approach = pgEnum('approach', approaches)

export const dispositions = ['same_day', 'overnight'] as const
export const disposition = pgEnum('disposition', dispositions)

export const overnightReasons = [
  'pain_control',
  'anesthesia_recovery',
  'comorbidity_monitoring',
  'complication',
  'multi_level_procedure',
  'transport_social',
  'physician_preference',
  'other',
] as const
export const overnightReason = pgEnum('overnight_reason', overnightReasons)

export const adverseEventCategories = [
  'cement_leakage',
  'new_adjacent_fracture',
  'new_remote_fracture',
  'pulmonary_cement_embolism',
  'infection',
  'neurologic_deficit',
  'bleeding_hematoma',
  'anesthesia_complication',
  'death',
  'other',
] as const
export const adverseEventCategory = pgEnum('adverse_event_category', adverseEventCategories)

// Cement leakage by route (Yeom: B basivertebral, S segmental vein, C cortical) and where it went.
export const leakageTypes = ['B', 'S', 'C'] as const
export const leakageType = pgEnum('leakage_type', leakageTypes)
export const leakageLocations = ['disc', 'paravertebral', 'canal'] as const
export const leakageLocation = pgEnum('leakage_location', leakageLocations)

export const followUpTimepoints = ['baseline', 'h48', 'd7', 'm1', 'm3', 'm6', 'm12'] as const
export const followUpTimepoint = pgEnum('follow_up_timepoint', followUpTimepoints)

export const analgesicUses = ['none', 'non_opioid', 'opioid'] as const
export const analgesicUse = pgEnum('analgesic_use', analgesicUses)

export const mobilityLevels = ['bedbound', 'assisted', 'independent'] as const
export const mobilityLevel = pgEnum('mobility_level', mobilityLevels)

export type StaffRole = (typeof staffRoles)[number]
export type PatientStatus = (typeof patientStatuses)[number]
export type Etiology = (typeof etiologies)[number]
export type Sex = (typeof sexes)[number]
export type ProcedureType = (typeof procedureTypes)[number]
export type ProcedureStatus = (typeof procedureStatuses)[number]
export type VertebralLevel = (typeof vertebralLevels)[number]
export type ImagingModality = (typeof imagingModalities)[number]
export type CandidacyDecision = (typeof candidacyDecisions)[number]
export type FollowUpTimepoint = (typeof followUpTimepoints)[number]
export type Disposition = (typeof dispositions)[number]
export type OvernightReason = (typeof overnightReasons)[number]
export type AdverseEventCategory = (typeof adverseEventCategories)[number]
