import { z } from 'zod'
import { fractureMorphologies, triStates, vertebralLevels, type VertebralLevel } from '@/db/schema'
import {
  checkbox,
  optionalNumber,
  optionalPastDate,
  requiredNumber,
  versionNumber,
} from '@/lib/form-fields'

/** T1 … S1, top to bottom: the levels a fracture can be recorded at. */
export const VERTEBRAL_LEVELS: readonly VertebralLevel[] = vertebralLevels

export const fractureFieldsSchema = z.object({
  level: z.enum(vertebralLevels, 'Choose the level'),
  heightLossPct: requiredNumber(0, 100, 'Height loss'),
  mriEdema: z.enum(triStates, 'Choose yes, no or unknown').default('unknown'),
  kyphoticAngleDeg: optionalNumber(0, 90, 'Kyphotic angle'),
  diagnosedOn: optionalPastDate('diagnosis date'),
  morphology: z
    .enum(fractureMorphologies)
    .optional()
    .or(z.literal('').transform(() => undefined))
    .transform((value) => value ?? null),
  fractureAgeWeeks: optionalNumber(0, 520, 'Fracture age (weeks)').refine(
    (value) => value === null || Number.isInteger(value),
    'Fracture age is in whole weeks',
  ),
  posteriorWallInvolved: checkbox,
  retropulsion: checkbox,
})
export type FractureFields = z.infer<typeof fractureFieldsSchema>

export const addFractureSchema = fractureFieldsSchema.extend({ patientId: z.uuid() })
export const updateFractureSchema = fractureFieldsSchema.extend({
  fractureId: z.uuid(),
  version: versionNumber,
})
export const removeFractureSchema = z.object({
  fractureId: z.uuid(),
  version: versionNumber,
})
