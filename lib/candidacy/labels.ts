import type { CandidacyDecision } from '@/db/schema'

// Labels only, no zod: the decision form (a client component) imports them.

/**
 * The candidacy checklist (docs/clinical-definitions.md#candidacy-checklist; LCD L34228). Each
 * checkbox's label is what the physician reads on the form; rules.ts evaluates the answers.
 */
export const CHECKLIST_ITEMS = {
  painDueToFracture: 'Pain is due to the identified fracture',
  imagingConfirmed: 'Fracture confirmed on MRI (edema/STIR) or bone scan at T1–L5',
  hospitalized: 'Hospitalized',
  worseningPain: 'Pain is worsening',
  kyphoticDeformity: 'Kyphotic deformity',
  mobilityImpaired: 'Cannot move normally because of the fracture',
  osteolyticMalignancy: 'Osteolytic metastasis or myeloma with intractable pain',
  boneDensityReferral: 'Bone-density referral documented',
  osteoporosisEducation: 'Osteoporosis education documented',
} as const

export const ABSOLUTE_CONTRAINDICATIONS = {
  activeInfection: 'Active infection (osteomyelitis or discitis)',
  pregnancy: 'Pregnancy',
} as const

export const RELATIVE_CONTRAINDICATIONS = {
  cementAllergy: 'Cement or contrast allergy',
  coagulopathy: 'Uncorrected coagulopathy',
  spinalInstability: 'Spinal instability',
  neurologicCompromise: 'Neurologic compromise',
  retropulsion: 'Retropulsion',
  moreThanThreeLevels: 'More than 3 levels in one session',
} as const

export const DECISION_LABELS: Record<CandidacyDecision, string> = {
  candidate: 'Candidate',
  not_candidate: 'Not a candidate',
  resolved_conservatively: 'Resolved conservatively',
}
