import { describe, expect, it } from 'vitest'
import { decisionSchema } from './schemas'
import { QUALIFYING_FIELDS } from './testing/qualifying'

// The decision form as the browser posts it: ticked boxes are "on", empty inputs are "".
const form = (fields: Record<string, string>) => ({
  patientId: '3f1e0c1a-8b9f-4c55-9a4e-0d6f1f2b3c4d',
  version: '1',
  painNrs: '',
  odi: '',
  rmdq: '',
  conservativeCareWeeks: '',
  conservativeCareKinds: '',
  decision: '',
  plannedProcedure: '',
  reason: '',
  justification: '',
  ...fields,
})
function fieldErrors(fields: Record<string, string>) {
  const result = decisionSchema.safeParse(form(fields))
  if (result.success) return null
  const errors: Record<string, string[]> = {}
  for (const issue of result.error.issues) {
    const field = String(issue.path[0])
    errors[field] = [...(errors[field] ?? []), issue.message]
  }
  return errors
}

describe('the decision form reports every problem at once', () => {
  it('lists a missing pain score with the decision rules it breaks', () => {
    // Candidate with nothing else filled in: no pain score, no procedure, the pain criterion
    // unticked (an absolute contraindication).
    const errors = fieldErrors({ decision: 'candidate' })
    expect(Object.keys(errors ?? {}).sort()).toEqual(['decision', 'painNrs', 'plannedProcedure'])
    expect(errors?.painNrs).toEqual(['Enter the pain score (NRS)'])
    expect(errors?.decision?.[0]).toMatch(/^An absolute contraindication rules out augmentation/)
    expect(errors?.plannedProcedure).toEqual(['Choose the planned procedure'])
  })

  it('asks for the justification of unmet criteria beside an invalid score', () => {
    // Every criterion but mobility, pain read, ODI out of range: the justification is due.
    const errors = fieldErrors({
      ...QUALIFYING_FIELDS,
      mobilityImpaired: '',
      painNrs: '7',
      odi: '140',
      decision: 'candidate',
      plannedProcedure: 'vertebroplasty',
    })
    expect(Object.keys(errors ?? {}).sort()).toEqual(['justification', 'odi'])
  })

  it('asks for the reason of a refusal beside an invalid score', () => {
    const errors = fieldErrors({ painNrs: '12', decision: 'not_candidate' })
    expect(errors).toEqual({
      painNrs: ['Pain score (NRS) must be between 0 and 10'],
      reason: ['Give the reason the patient is not a candidate'],
    })
  })

  it('leaves out the rules it cannot tell: no decision chosen, or scores unreadable', () => {
    expect(Object.keys(fieldErrors({ painNrs: '7' }) ?? {})).toEqual(['decision'])
    // RMDQ unreadable: whether the criteria are met is unknown, so no justification is asked.
    const errors = fieldErrors({
      painDueToFracture: 'on',
      painNrs: '7',
      rmdq: 'x',
      decision: 'candidate',
      plannedProcedure: 'kyphoplasty',
    })
    expect(Object.keys(errors ?? {})).toEqual(['rmdq'])
  })

  it('passes valid fields to the command, which checks the rules with the fractures', () => {
    // Valid fields but no justification for unmet criteria: parsing succeeds, the command refuses.
    const parsed = decisionSchema.safeParse(
      form({
        painDueToFracture: 'on',
        painNrs: '7',
        decision: 'candidate',
        plannedProcedure: 'kyphoplasty',
      }),
    )
    expect(parsed.success).toBe(true)
  })
})
