import { z } from 'zod'
import { fractureMorphologies, triStates, vertebralLevels } from '@/db/schema'
import { checkbox, optionalNumber, optionalPastDate, requiredNumber } from '@/lib/form-fields'

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
  version: z.coerce.number().int().positive(),
})
export const removeFractureSchema = z.object({
  fractureId: z.uuid(),
  version: z.coerce.number().int().positive(),
})

export const MORPHOLOGY_LABELS: Record<(typeof fractureMorphologies)[number], string> = {
  wedge: 'Wedge',
  biconcave: 'Biconcave',
  crush: 'Crush',
}

export const TRI_STATE_LABELS: Record<(typeof triStates)[number], string> = {
  yes: 'Yes',
  no: 'No',
  unknown: 'Unknown',
}
