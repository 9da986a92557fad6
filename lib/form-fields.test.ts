import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { followUpSchema } from '@/lib/follow-ups/schemas'
import { patientFieldsSchema } from '@/lib/candidates/schemas'
import { cancelProcedureSchema } from '@/lib/procedures/schemas'
import {
  decimalNumber,
  optionalNumber,
  requiredNumber,
  safeText,
  unsafeTextProblem,
  versionNumber,
} from './form-fields'

const fieldMessages = (schema: z.ZodType, input: unknown): Record<string, string[] | undefined> => {
  const result = schema.safeParse(input)
  return result.success ? {} : z.flattenError(result.error).fieldErrors
}

describe('safeText', () => {
  it('refuses a NUL, other controls and bidi overrides, in plain words', () => {
    expect(unsafeTextProblem('Ann\u0000')).toBe(
      'Remove the invisible control characters from this text',
    )
    expect(unsafeTextProblem('Ann\u0085')).toMatch(/control characters/)
    expect(unsafeTextProblem('\u202Egnp.exe')).toBe(
      'Remove the hidden text-direction characters from this text',
    )
    expect(unsafeTextProblem('a\u2069b', true)).toMatch(/text-direction/)
    expect(unsafeTextProblem('Ann\nSmith')).toMatch(/one line/)
    expect(unsafeTextProblem('line one\r\nline two\twith a tab', true)).toBeNull()
    expect(unsafeTextProblem('Zoë Ñúñez-O’Brien 🦴 مريم')).toBeNull()
  })

  it('trims first, so a single-line field may end with a stray newline', () => {
    expect(safeText().parse('  Ann Smith\n')).toBe('Ann Smith')
  })

  it('no string with a control or bidi character survives a single-line field', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const result = safeText().safeParse(text)
        if (result.success) {
          expect(result.data).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/)
        }
      }),
      { numRuns: 500 },
    )
  })

  it('shows the message under the field of a real form', () => {
    expect(fieldMessages(patientFieldsSchema, { lastName: 'Smith\u0000' }).lastName).toEqual([
      'Remove the invisible control characters from this text',
    ])
    expect(fieldMessages(patientFieldsSchema, { firstName: 'Ann\u202E' }).firstName).toEqual([
      'Remove the hidden text-direction characters from this text',
    ])
    // A multi-line reason keeps its line breaks.
    const reason = fieldMessages(cancelProcedureSchema, { cancelReason: 'Patient ill\nRebook' })
    expect(reason.cancelReason).toBeUndefined()
  })

  it('says only what is wrong with the characters: the checks chained after it do not run', () => {
    const result = safeText()
      .min(10, 'Too short')
      .refine((value) => /^[a-z]*$/.test(value), 'Letters only')
      .safeParse('ab\u0000')
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([
      'Remove the invisible control characters from this text',
    ])
  })
})

describe('decimalNumber', () => {
  it.each([
    '0x10',
    '0b1',
    '0o7',
    '1e3',
    '1E3',
    ' 12 ',
    '12 ',
    'Infinity',
    '-Infinity',
    'NaN',
    '',
    '+5',
    '1_000',
    '١٢',
  ])('refuses %j', (text) => {
    expect(decimalNumber(text)).toBeNaN()
  })

  it.each([
    ['12', 12],
    ['-3', -3],
    ['0.5', 0.5],
    ['.5', 0.5],
    ['007', 7],
  ])('reads %j as %d', (text, value) => {
    expect(decimalNumber(text)).toBe(value)
  })

  it('reads every decimal string as Number does, and nothing else', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        const value = decimalNumber(text)
        if (!Number.isNaN(value)) {
          expect(text).toMatch(/^-?(\d+(\.\d*)?|\.\d+)$/)
          expect(value).toBe(Number(text))
        }
      }),
      { numRuns: 1000 },
    )
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (number) => {
        if (!String(number).includes('e'))
          expect(decimalNumber(String(number)) + 0).toBe(number + 0)
      }),
    )
  })

  it('number fields refuse hex, exponent, padded and infinite notation', () => {
    for (const text of ['0x10', '1e1', ' 5 ', 'Infinity']) {
      expect(requiredNumber(0, 100, 'Height loss').safeParse(text).success).toBe(false)
      expect(optionalNumber(0, 100, 'ODI').safeParse(text).success).toBe(false)
      expect(versionNumber.safeParse(text).success).toBe(false)
      expect(fieldMessages(followUpSchema, { painNrs: text }).painNrs).toBeDefined()
    }
    expect(requiredNumber(0, 100, 'Height loss').parse('16')).toBe(16)
    expect(versionNumber.parse('3')).toBe(3)
  })
})
