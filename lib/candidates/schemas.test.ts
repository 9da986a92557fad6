import { subYears, format } from 'date-fns'
import { describe, expect, it } from 'vitest'
import { patientFieldsSchema } from './schemas'

const yearsAgo = (years: number, days = 0) =>
  format(new Date(subYears(new Date(), years).getTime() - days * 86_400_000), 'yyyy-MM-dd')
const tomorrow = format(new Date(Date.now() + 86_400_000), 'yyyy-MM-dd')

const valid = {
  mrn: 'ab1234',
  firstName: ' Ada ',
  lastName: 'Lovelace',
  dateOfBirth: yearsAgo(80),
  sex: 'female',
  phone: '',
  referralDate: yearsAgo(0, 3),
  referringPhysician: 'Dr. Babbage',
  etiology: 'osteoporotic',
  assignedPhysicianId: '3f1e0c1a-8b9f-4c55-9a4e-0d6f1f2b3c4d',
  painOnsetDate: '',
}

function fieldErrors(input: Record<string, unknown>) {
  const result = patientFieldsSchema.safeParse(input)
  return result.success
    ? {}
    : Object.fromEntries(result.error.issues.map((i) => [i.path[0], i.message]))
}

describe('patientFieldsSchema', () => {
  it('normalizes a valid patient: MRN upper-cased, names trimmed, empty optionals null', () => {
    const parsed = patientFieldsSchema.parse(valid)
    expect(parsed).toMatchObject({
      mrn: 'AB1234',
      firstName: 'Ada',
      phone: null,
      painOnsetDate: null,
    })
  })

  it.each([
    [{ mrn: 'ab1' }, 'mrn', 'MRN is 4–20 letters or digits'],
    [{ mrn: 'AB-1234' }, 'mrn', 'MRN is 4–20 letters or digits'],
    [{ mrn: 'A'.repeat(21) }, 'mrn', 'MRN is 4–20 letters or digits'],
    [{ dateOfBirth: yearsAgo(17) }, 'dateOfBirth', 'Age must be between 18 and 110'],
    [{ dateOfBirth: yearsAgo(111) }, 'dateOfBirth', 'Age must be between 18 and 110'],
    [
      { dateOfBirth: '1950-02-30' },
      'dateOfBirth',
      'Enter the date of birth as a date (YYYY-MM-DD)',
    ],
    [{ referralDate: tomorrow }, 'referralDate', 'The referral date cannot be in the future'],
    [{ painOnsetDate: tomorrow }, 'painOnsetDate', 'The pain onset cannot be in the future'],
    [{ sex: 'x' }, 'sex', 'Choose the sex'],
    [{ etiology: '' }, 'etiology', 'Choose the etiology'],
    [{ assignedPhysicianId: '' }, 'assignedPhysicianId', 'Choose the assigned physician'],
    [{ phone: 'call me' }, 'phone', 'Enter digits, spaces and + ( ) - only'],
    [{ firstName: '  ' }, 'firstName', 'Enter the first name'],
  ])('refuses %o on %s', (change, field, message) => {
    expect(fieldErrors({ ...valid, ...change })[field]).toBe(message)
  })

  it('accepts the age bounds themselves', () => {
    expect(fieldErrors({ ...valid, dateOfBirth: yearsAgo(18) })).toEqual({})
    expect(fieldErrors({ ...valid, dateOfBirth: yearsAgo(110) })).toEqual({})
  })

  it('reports every bad field at once', () => {
    const errors = fieldErrors({ ...valid, mrn: '', lastName: '', referralDate: tomorrow })
    expect(Object.keys(errors).sort()).toEqual(['lastName', 'mrn', 'referralDate'])
  })
})
