import { etiologies, sexes } from '@/db/schema'
import type { PatientFields } from '@/lib/candidates/schemas'

// What a referrals CSV holds, in one place: the page documents it, the template is built from
// it, and the validator maps each column to the patient field it fills.

export interface ReferralColumn {
  name: string
  /** The patient field the column fills; the physician's email resolves to an id first. */
  field: keyof PatientFields
  required: boolean
  format: string
  example: string
}

export const REFERRAL_COLUMNS = [
  {
    name: 'mrn',
    field: 'mrn',
    required: true,
    format: '4–20 letters or digits; new to the clinic and once per file',
    example: 'A1234567',
  },
  { name: 'first_name', field: 'firstName', required: true, format: 'Text', example: 'Ada' },
  { name: 'last_name', field: 'lastName', required: true, format: 'Text', example: 'Lovelace' },
  {
    name: 'date_of_birth',
    field: 'dateOfBirth',
    required: true,
    format: 'YYYY-MM-DD; age 18–110',
    example: '1948-03-14',
  },
  {
    name: 'sex',
    field: 'sex',
    required: true,
    format: `One of: ${sexes.join(', ')}`,
    example: 'female',
  },
  {
    name: 'phone',
    field: 'phone',
    required: false,
    format: 'Digits, spaces and + ( ) - .',
    example: '555-010-0142',
  },
  {
    name: 'referral_date',
    field: 'referralDate',
    required: true,
    format: 'YYYY-MM-DD; not in the future',
    example: '2025-10-06',
  },
  {
    name: 'referring_physician',
    field: 'referringPhysician',
    required: true,
    format: 'Text',
    example: 'Dr. Grace Hopper',
  },
  {
    name: 'etiology',
    field: 'etiology',
    required: true,
    format: `One of: ${etiologies.join(', ')}`,
    example: 'osteoporotic',
  },
  {
    name: 'assigned_physician_email',
    field: 'assignedPhysicianId',
    required: true,
    format: 'The sign-in email of an active physician',
    example: 'physician@example.org',
  },
  {
    name: 'pain_onset_date',
    field: 'painOnsetDate',
    required: false,
    format: 'YYYY-MM-DD; not in the future',
    example: '2025-09-20',
  },
] as const satisfies readonly ReferralColumn[]

export type ReferralColumnName = (typeof REFERRAL_COLUMNS)[number]['name']

export const TEMPLATE_FILE_NAME = 'referrals-template.csv'
