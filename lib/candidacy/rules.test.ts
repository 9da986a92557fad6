import { describe, expect, it } from 'vitest'
import { decisionProblems, evaluateChecklist, type FractureFacts } from './rules'
import { checklistSchema, type DecisionInput } from './schemas'
import { QUALIFYING_FIELDS } from './testing/qualifying'

const facts: FractureFacts = {
  maxHeightLossPct: 30,
  activeLevels: 1,
  treatableLevels: 1,
  anyRetropulsion: false,
}
const qualifying = checklistSchema.parse({ ...QUALIFYING_FIELDS, painNrs: '7' })
const decision = (overrides: Partial<DecisionInput>): DecisionInput => ({
  ...qualifying,
  patientId: '3f1e0c1a-8b9f-4c55-9a4e-0d6f1f2b3c4d',
  version: 1,
  decision: 'candidate',
  plannedProcedure: 'kyphoplasty',
  reason: null,
  justification: null,
  ...overrides,
})

describe('evaluateChecklist', () => {
  it('meets every criterion for a typical qualifying patient', () => {
    const evaluation = evaluateChecklist(qualifying, facts)
    expect(evaluation.allCriteriaMet).toBe(true)
    expect(evaluation.absolute).toEqual([])
    expect(evaluation.relative).toEqual([])
  })

  it('raises the pain threshold to 8 for a hospitalized patient', () => {
    const outpatient = evaluateChecklist({ ...qualifying, painNrs: 6 }, facts)
    const inpatient = evaluateChecklist({ ...qualifying, painNrs: 6, hospitalized: true }, facts)
    expect(outpatient.criteria.find((c) => c.id === 'severePain')?.met).toBe(true)
    expect(inpatient.criteria.find((c) => c.id === 'severePain')?.met).toBe(false)
  })

  it('counts progression as two of height loss > 25 %, kyphosis, RMDQ > 17 without worsening pain', () => {
    const base = { ...qualifying, worseningPain: false }
    const met = (checklist: typeof base, maxHeightLossPct: number) =>
      evaluateChecklist(checklist, { ...facts, maxHeightLossPct }).criteria.find(
        (c) => c.id === 'progression',
      )?.met
    expect(met({ ...base, kyphoticDeformity: true }, 30)).toBe(true)
    expect(met({ ...base, rmdq: 18 }, 30)).toBe(true)
    expect(met({ ...base, rmdq: 17 }, 30)).toBe(false)
    expect(met({ ...base, kyphoticDeformity: true }, 25)).toBe(false)
  })

  it('lets an osteolytic malignancy qualify without the osteoporotic pain criteria', () => {
    const evaluation = evaluateChecklist(
      {
        ...qualifying,
        painNrs: 3,
        worseningPain: false,
        mobilityImpaired: false,
        osteolyticMalignancy: true,
      },
      facts,
    )
    expect(evaluation.allCriteriaMet).toBe(true)
  })

  it('derives retropulsion and more than 3 levels from the fractures', () => {
    const evaluation = evaluateChecklist(qualifying, {
      maxHeightLossPct: 30,
      activeLevels: 4,
      treatableLevels: 4,
      anyRetropulsion: true,
    })
    expect(evaluation.relative).toEqual(['Retropulsion', 'More than 3 levels in one session'])
  })

  it('does not count imaging as confirmed without a recorded fracture at T1–L5', () => {
    const met = (treatableLevels: number) =>
      evaluateChecklist(qualifying, { ...facts, treatableLevels }).criteria.find(
        (c) => c.id === 'imagingConfirmed',
      )?.met
    expect(met(1)).toBe(true)
    expect(met(0)).toBe(false)
  })

  it('treats pain not due to the fracture as absolute', () => {
    expect(evaluateChecklist({ ...qualifying, painDueToFracture: false }, facts).absolute).toEqual([
      'Pain not due to the fracture',
    ])
  })
})

describe('decisionProblems', () => {
  it('accepts a qualifying candidate with a planned procedure', () => {
    const input = decision({})
    expect(decisionProblems(input, evaluateChecklist(input, facts))).toEqual({})
  })

  it('blocks "candidate" on an absolute contraindication, with a clear message', () => {
    const input = decision({ pregnancy: true, justification: 'Patient insists' })
    const problems = decisionProblems(input, evaluateChecklist(input, facts))
    expect(problems.decision?.[0]).toMatch(
      /absolute contraindication rules out augmentation: Pregnancy/,
    )
  })

  it('says how to fix a first criterion left unticked, which reads as pain not due to the fracture', () => {
    const input = decision({ painDueToFracture: false })
    const [message] = decisionProblems(input, evaluateChecklist(input, facts)).decision ?? []
    expect(message).toMatch(/rules out augmentation: Pain not due to the fracture\./)
    expect(message).toContain('tick "Pain is due to the identified fracture" under Criteria')
  })

  it('requires a justification for unmet criteria or a relative contraindication', () => {
    const unmet = decision({ mobilityImpaired: false })
    expect(decisionProblems(unmet, evaluateChecklist(unmet, facts)).justification).toBeDefined()
    const relative = decision({ coagulopathy: true })
    expect(
      decisionProblems(relative, evaluateChecklist(relative, facts)).justification,
    ).toBeDefined()
    const justified = decision({
      coagulopathy: true,
      justification: 'INR corrected before the procedure',
    })
    expect(decisionProblems(justified, evaluateChecklist(justified, facts))).toEqual({})
  })

  it('requires the planned procedure for a candidate and a reason for not a candidate', () => {
    const noProcedure = decision({ plannedProcedure: null })
    expect(
      decisionProblems(noProcedure, evaluateChecklist(noProcedure, facts)).plannedProcedure,
    ).toBeDefined()
    const refused = decision({ decision: 'not_candidate', plannedProcedure: null })
    expect(decisionProblems(refused, evaluateChecklist(refused, facts))).toEqual({
      reason: ['Give the reason the patient is not a candidate'],
    })
  })

  it('lets "resolved conservatively" be recorded without a reason', () => {
    const resolved = decision({
      decision: 'resolved_conservatively',
      plannedProcedure: null,
      painNrs: 2,
    })
    expect(decisionProblems(resolved, evaluateChecklist(resolved, facts))).toEqual({})
  })
})
