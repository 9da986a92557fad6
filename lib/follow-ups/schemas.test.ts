import { describe, expect, it } from 'vitest'
import { followUpSchema } from './schemas'

const base = {
  followUpId: '3f1e0c1a-8b9f-4c55-9a4e-0d6f1f2b3c4d',
  version: '1',
  assessedOn: '2026-01-05',
  painNrs: '4',
  analgesicUse: 'non_opioid',
  mobility: 'independent',
}
const sections = (values: (number | '')[]) =>
  Object.fromEntries(values.map((value, i) => [`odi${i + 1}`, String(value)]))

describe('followUpSchema', () => {
  it('takes an ODI total as entered', () => {
    expect(followUpSchema.parse({ ...base, odi: '42' })).toMatchObject({
      odi: 42,
      painNrs: 4,
      newFracture: false,
    })
  })

  it('scores ODI from the ten section answers', () => {
    expect(followUpSchema.parse({ ...base, ...sections([3, 2, 4, 1, 0, 5, 2, 3, 1, 2]) }).odi).toBe(
      46,
    )
    expect(
      followUpSchema.parse({ ...base, ...sections([3, 2, 4, 1, 0, 5, 2, 3, 3, '']) }).odi,
    ).toBe(51)
  })

  it('refuses sections that disagree with the total, or too few sections', () => {
    const mismatch = followUpSchema.safeParse({
      ...base,
      odi: '40',
      ...sections([3, 2, 4, 1, 0, 5, 2, 3, 1, 2]),
    })
    expect(mismatch.error?.issues[0]).toMatchObject({
      path: ['odi'],
      message: 'The sections score 46, not 40',
    })
    const tooFew = followUpSchema.safeParse({
      ...base,
      ...sections([3, 2, 4, 1, 0, 5, 2, 3, '', '']),
    })
    expect(tooFew.error?.issues[0]?.path).toEqual(['odi'])
  })

  it('requires the pain score as a whole number 0–10', () => {
    expect(followUpSchema.safeParse({ ...base, painNrs: '' }).success).toBe(false)
    expect(followUpSchema.safeParse({ ...base, painNrs: '11' }).success).toBe(false)
    expect(followUpSchema.safeParse({ ...base, painNrs: '4.5' }).success).toBe(false)
  })
})
