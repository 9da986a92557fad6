import { describe, expect, it } from 'vitest'
import { fractureFieldsSchema } from './schemas'

const valid = {
  level: 'L1',
  heightLossPct: '32.5',
  mriEdema: 'yes',
  kyphoticAngleDeg: '',
  morphology: '',
}

describe('fractureFieldsSchema', () => {
  it('coerces form values: numbers, empty optionals to null, absent checkboxes to false', () => {
    expect(fractureFieldsSchema.parse({ ...valid, retropulsion: 'on' })).toEqual({
      level: 'L1',
      heightLossPct: 32.5,
      mriEdema: 'yes',
      kyphoticAngleDeg: null,
      diagnosedOn: null,
      morphology: null,
      fractureAgeWeeks: null,
      posteriorWallInvolved: false,
      retropulsion: true,
    })
  })

  it('accepts a loss under 15 % (flagged, not refused)', () => {
    expect(fractureFieldsSchema.safeParse({ ...valid, heightLossPct: '9' }).success).toBe(true)
  })

  it.each([
    [{ level: 'C5' }, 'level'],
    [{ heightLossPct: '' }, 'heightLossPct'],
    [{ heightLossPct: '101' }, 'heightLossPct'],
    [{ heightLossPct: 'abc' }, 'heightLossPct'],
    [{ kyphoticAngleDeg: '95' }, 'kyphoticAngleDeg'],
    [{ diagnosedOn: '2999-01-01' }, 'diagnosedOn'],
  ])('refuses %o', (change, field) => {
    const result = fractureFieldsSchema.safeParse({ ...valid, ...change })
    expect(result.error?.issues.map((issue) => issue.path[0])).toContain(field)
  })
})
