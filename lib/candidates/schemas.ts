import { z } from 'zod'
import { etiologies, patientStatuses, sexes } from '@/db/schema'
import { ageOn, isIsoDate, todayIso } from '@/lib/dates'
import { optionalText, safeText, versionNumber } from '@/lib/form-fields'

export const MIN_AGE = 18
export const MAX_AGE = 110

const isoDate = (label: string) =>
  safeText()
    // abort: an empty field gets one message, not "enter" and "invalid" both.
    .min(1, { message: `Enter the ${label}`, abort: true })
    .refine(isIsoDate, { message: `Enter the ${label} as a date (YYYY-MM-DD)`, abort: true })

const notInFuture = (value: string) => value <= todayIso()

/**
 * One patient's fields, shared by the new/edit forms and the CSV import: the server action is
 * the authority, the form uses the same messages.
 */
export const patientFieldsSchema = z.object({
  mrn: safeText()
    .toUpperCase()
    .regex(/^[A-Z0-9]{4,20}$/, 'MRN is 4–20 letters or digits'),
  firstName: safeText().min(1, 'Enter the first name').max(100, 'Use at most 100 characters'),
  lastName: safeText().min(1, 'Enter the last name').max(100, 'Use at most 100 characters'),
  dateOfBirth: isoDate('date of birth')
    .refine(notInFuture, 'The date of birth cannot be in the future')
    .refine(
      (value) => !isIsoDate(value) || (ageOn(value) >= MIN_AGE && ageOn(value) <= MAX_AGE),
      `Age must be between ${MIN_AGE} and ${MAX_AGE}`,
    ),
  sex: z.enum(sexes, 'Choose the sex'),
  phone: optionalText(30).refine(
    (value) => value === null || /^[0-9+()\-. ]{5,30}$/.test(value),
    'Enter digits, spaces and + ( ) - only',
  ),
  referralDate: isoDate('referral date').refine(
    notInFuture,
    'The referral date cannot be in the future',
  ),
  referringPhysician: safeText()
    .min(1, 'Enter the referring physician')
    .max(200, 'Use at most 200 characters'),
  etiology: z.enum(etiologies, 'Choose the etiology'),
  assignedPhysicianId: z.uuid('Choose the assigned physician'),
  painOnsetDate: safeText()
    .refine(
      (value) => value === '' || isIsoDate(value),
      'Enter the pain onset as a date (YYYY-MM-DD)',
    )
    .refine((value) => value === '' || notInFuture(value), 'The pain onset cannot be in the future')
    .transform((value) => value || null),
})
export type PatientFields = z.infer<typeof patientFieldsSchema>

export const updatePatientSchema = patientFieldsSchema.extend({
  id: z.uuid(),
  version: versionNumber,
})
export type UpdatePatientInput = z.infer<typeof updatePatientSchema>

/** A manual move along the workflow; `from` is the status the person saw (a stale one is refused). */
export const changeStatusSchema = z.object({
  patientId: z.uuid(),
  from: z.enum(patientStatuses),
  to: z.enum(patientStatuses, 'Choose the new status'),
  note: optionalText(1000, { multiline: true }),
})
