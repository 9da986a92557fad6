import { z } from 'zod'
import { candidacyDecisions, procedureTypes } from '@/db/schema'
import { checkbox, optionalNumber, optionalText, requiredNumber } from '@/lib/form-fields'

/**
 * The candidacy checklist (DESIGN.md §2; Medicare LCD L34228). Each checkbox's label is what
 * the physician reads on the form; rules.ts evaluates the answers.
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

const booleans = <T extends Record<string, string>>(items: T) =>
  Object.fromEntries(Object.keys(items).map((key) => [key, checkbox])) as {
    [K in keyof T]: typeof checkbox
  }

export const checklistSchema = z.object({
  ...booleans(CHECKLIST_ITEMS),
  ...booleans(ABSOLUTE_CONTRAINDICATIONS),
  ...booleans(RELATIVE_CONTRAINDICATIONS),
  painNrs: requiredNumber(0, 10, 'Pain score (NRS)').pipe(
    z.number().int('Pain score is a whole number'),
  ),
  conservativeCareWeeks: optionalNumber(0, 520, 'Weeks of non-surgical care'),
  conservativeCareKinds: optionalText(500),
  odi: optionalNumber(0, 100, 'ODI'),
  rmdq: optionalNumber(0, 24, 'RMDQ'),
})
export type Checklist = z.infer<typeof checklistSchema>

export const decisionSchema = checklistSchema.extend({
  patientId: z.uuid(),
  // The patient's version when the form was opened.
  version: z.coerce.number().int().positive(),
  decision: z.enum(candidacyDecisions, 'Choose a decision'),
  plannedProcedure: z
    .enum(procedureTypes)
    .optional()
    .or(z.literal('').transform(() => undefined))
    .transform((value) => value ?? null),
  reason: optionalText(2000),
  justification: optionalText(2000),
})
export type DecisionInput = z.infer<typeof decisionSchema>

export const DECISION_LABELS: Record<(typeof candidacyDecisions)[number], string> = {
  candidate: 'Candidate',
  not_candidate: 'Not a candidate',
  resolved_conservatively: 'Resolved conservatively',
}
