import { z } from 'zod'
import { candidacyDecisions, procedureTypes } from '@/db/schema'
import {
  checkbox,
  optionalNumber,
  optionalText,
  requiredNumber,
  versionNumber,
} from '@/lib/form-fields'
import { ABSOLUTE_CONTRAINDICATIONS, CHECKLIST_ITEMS, RELATIVE_CONTRAINDICATIONS } from './labels'

const booleans = <T extends Record<string, string>>(items: T) =>
  Object.fromEntries(Object.keys(items).map((key) => [key, checkbox])) as {
    [K in keyof T]: typeof checkbox
  }

export const checklistSchema = z.object({
  ...booleans(CHECKLIST_ITEMS),
  ...booleans(ABSOLUTE_CONTRAINDICATIONS),
  ...booleans(RELATIVE_CONTRAINDICATIONS),
  painNrs: requiredNumber(0, 10, 'Pain score (NRS)').pipe(
    z.number().int('Pain score is a whole number'),
  ),
  conservativeCareWeeks: optionalNumber(0, 520, 'Weeks of non-surgical care'),
  conservativeCareKinds: optionalText(500),
  odi: optionalNumber(0, 100, 'ODI'),
  rmdq: optionalNumber(0, 24, 'RMDQ'),
})
export type Checklist = z.infer<typeof checklistSchema>

export const decisionSchema = checklistSchema.extend({
  patientId: z.uuid(),
  // The patient's version when the form was opened.
  version: versionNumber,
  decision: z.enum(candidacyDecisions, 'Choose a decision'),
  plannedProcedure: z
    .enum(procedureTypes)
    .optional()
    .or(z.literal('').transform(() => undefined))
    .transform((value) => value ?? null),
  reason: optionalText(2000, { multiline: true }),
  justification: optionalText(2000, { multiline: true }),
})
export type DecisionInput = z.infer<typeof decisionSchema>
