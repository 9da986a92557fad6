import { ABSOLUTE_CONTRAINDICATIONS, CHECKLIST_ITEMS, RELATIVE_CONTRAINDICATIONS } from './labels'
import type { CandidacyDecision, ProcedureType } from '@/db/schema'
import type { Checklist } from './schemas'

/** What the patient's active fractures say, beside the physician's answers. */
export interface FractureFacts {
  maxHeightLossPct: number | null
  activeLevels: number
  /** Active fractures at a treatable level (T1–L5); augmentation is not done at S1. */
  treatableLevels: number
  anyRetropulsion: boolean
}

/**
 * The most favourable fractures a patient can have: a rule that refuses a decision with them
 * refuses it with any, so it can be told before the patient's fractures are read.
 */
export const MOST_FAVOURABLE_FACTS: FractureFacts = {
  maxHeightLossPct: 100,
  activeLevels: 1,
  treatableLevels: 1,
  anyRetropulsion: false,
}

/** The checklist's ticks and the scores its criteria read (not the free-text care notes). */
export type ChecklistAnswers = Omit<
  Checklist,
  'conservativeCareWeeks' | 'conservativeCareKinds' | 'odi'
>

/** The decision itself, beside the checklist. */
export interface DecisionChoice {
  decision: CandidacyDecision
  plannedProcedure: ProcedureType | null
  reason: string | null
  justification: string | null
}

export interface Criterion {
  id: string
  label: string
  met: boolean
}

export interface ChecklistEvaluation {
  criteria: Criterion[]
  allCriteriaMet: boolean
  absolute: string[]
  relative: string[]
}

/**
 * Evaluates the checklist (docs/clinical-definitions.md#candidacy-checklist). The pain criterion is
 * NRS ≥ 5 as an outpatient or ≥ 8 if hospitalized; progression is worsening pain or two of: height
 * loss > 25 %, kyphotic deformity, RMDQ > 17. An osteolytic metastasis or myeloma with intractable
 * pain qualifies on its own in place of pain, progression and mobility.
 */
export function evaluateChecklist(
  checklist: ChecklistAnswers,
  facts: FractureFacts,
): ChecklistEvaluation {
  const heightLossOver25 = (facts.maxHeightLossPct ?? 0) > 25
  const progressionSigns = [
    heightLossOver25,
    checklist.kyphoticDeformity,
    (checklist.rmdq ?? 0) > 17,
  ]
  const painThreshold = checklist.hospitalized ? 8 : 5
  const severePain = checklist.painNrs >= painThreshold
  const progression = checklist.worseningPain || progressionSigns.filter(Boolean).length >= 2
  const malignancy = checklist.osteolyticMalignancy

  const criteria: Criterion[] = [
    {
      id: 'painDueToFracture',
      label: 'Pain due to the identified fracture',
      met: checklist.painDueToFracture,
    },
    {
      id: 'imagingConfirmed',
      label: 'Fracture at T1–L5 recorded and confirmed on MRI or bone scan',
      met: checklist.imagingConfirmed && facts.treatableLevels > 0,
    },
    {
      id: 'severePain',
      label: `Pain NRS ≥ ${painThreshold}${checklist.hospitalized ? ' (hospitalized)' : ''} despite non-surgical care`,
      met: severePain || malignancy,
    },
    {
      id: 'progression',
      label: 'Worsening pain, or 2 of: height loss > 25 %, kyphotic deformity, RMDQ > 17',
      met: progression || malignancy,
    },
    {
      id: 'mobility',
      label: 'Mobility impaired by the fracture',
      met: checklist.mobilityImpaired || malignancy,
    },
    {
      id: 'documentation',
      label: 'Bone-density referral and osteoporosis education documented',
      met: checklist.boneDensityReferral && checklist.osteoporosisEducation,
    },
  ]

  const absolute = absoluteContraindications(checklist)
  const derivedRelative: Partial<Record<keyof typeof RELATIVE_CONTRAINDICATIONS, boolean>> = {
    retropulsion: facts.anyRetropulsion,
    moreThanThreeLevels: facts.activeLevels > 3,
  }
  const relative = (
    Object.entries(RELATIVE_CONTRAINDICATIONS) as [
      keyof typeof RELATIVE_CONTRAINDICATIONS,
      string,
    ][]
  )
    .filter(([key]) => checklist[key] || derivedRelative[key])
    .map(([, label]) => label)

  return { criteria, allCriteriaMet: criteria.every((c) => c.met), absolute, relative }
}

/** The absolute contraindications ticked; pain not due to the fracture is one of them. */
export function absoluteContraindications(
  checklist: Pick<Checklist, 'painDueToFracture' | keyof typeof ABSOLUTE_CONTRAINDICATIONS>,
): string[] {
  return [
    ...(checklist.painDueToFracture ? [] : ['Pain not due to the fracture']),
    ...(
      Object.entries(ABSOLUTE_CONTRAINDICATIONS) as [
        keyof typeof ABSOLUTE_CONTRAINDICATIONS,
        string,
      ][]
    )
      .filter(([key]) => checklist[key])
      .map(([, label]) => label),
  ]
}

/**
 * Field errors that refuse a decision, or an empty object when it may be saved. Without an
 * evaluation (scores that could not be read), the rules that need one are left out.
 */
export function decisionProblems(
  input: DecisionChoice & Parameters<typeof absoluteContraindications>[0],
  evaluation: ChecklistEvaluation | null,
): Record<string, string[]> {
  const problems: Record<string, string[]> = {}
  if (input.decision === 'candidate') {
    const absolute = absoluteContraindications(input)
    if (absolute.length > 0) {
      // Leaving the first criterion unticked reads as "pain not due to the fracture": say how to
      // fix it, as the physician may simply have missed the box.
      const painNotDue = !input.painDueToFracture
      problems.decision = [
        `An absolute contraindication rules out augmentation: ${absolute.join('; ')}. ` +
          (painNotDue
            ? `If the pain is due to the identified fracture, tick "${CHECKLIST_ITEMS.painDueToFracture}" under Criteria; otherwise record "Not a candidate".`
            : 'Record "Not a candidate" instead.'),
      ]
    }
    if (!input.plannedProcedure) problems.plannedProcedure = ['Choose the planned procedure']
    const needsJustification =
      evaluation && (!evaluation.allCriteriaMet || evaluation.relative.length > 0)
    if (needsJustification && !input.justification) {
      problems.justification = [
        'Unmet criteria or a relative contraindication: write the justification for proceeding',
      ]
    }
  }
  if (input.decision === 'not_candidate' && !input.reason) {
    problems.reason = ['Give the reason the patient is not a candidate']
  }
  return problems
}
