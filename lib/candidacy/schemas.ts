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
import { decisionProblems, evaluateChecklist, MOST_FAVOURABLE_FACTS } from './rules'

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

const decisionFields = checklistSchema.extend({
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

// A field that did not parse holds whatever was read of it: here it reads as unknown (undefined).
const readable = <T extends z.ZodType>(schema: T) => schema.nullable().optional().catch(undefined)
const ticks = <T extends Record<string, string>>(items: T) =>
  Object.fromEntries(Object.keys(items).map((key) => [key, z.boolean().catch(false)])) as {
    [K in keyof T]: z.ZodCatch<z.ZodBoolean>
  }
const decisionAsRead = z.object({
  ...ticks(CHECKLIST_ITEMS),
  ...ticks(ABSOLUTE_CONTRAINDICATIONS),
  ...ticks(RELATIVE_CONTRAINDICATIONS),
  painNrs: readable(z.number().int().min(0).max(10)),
  rmdq: readable(z.number().min(0).max(24)),
  decision: readable(z.enum(candidacyDecisions)),
  plannedProcedure: readable(z.enum(procedureTypes)),
  // Text refused for its characters is still there: only an empty field counts as missing.
  reason: z.string().nullable().catch(null),
  justification: z.string().nullable().catch(null),
})

/**
 * Every problem in one round: when a field is invalid, the decision's own rules are checked too,
 * on what could be read and the most favourable fractures (a rule that needs the patient's
 * fractures is told, if it applies, once the fields are valid and the command reads them).
 */
function addDecisionRules(value: unknown, context: z.RefinementCtx) {
  const { decision, painNrs, rmdq, plannedProcedure, ...read } = decisionAsRead.parse(value)
  if (!decision) return
  const scoresRead = typeof painNrs === 'number' && rmdq !== undefined
  const evaluation = scoresRead
    ? evaluateChecklist({ ...read, painNrs, rmdq: rmdq ?? null }, MOST_FAVOURABLE_FACTS)
    : null
  const problems = decisionProblems(
    { ...read, decision, plannedProcedure: plannedProcedure ?? null },
    evaluation,
  )
  for (const [field, messages] of Object.entries(problems)) {
    for (const message of messages) context.addIssue({ code: 'custom', message, path: [field] })
  }
}

export const decisionSchema = decisionFields.superRefine(addDecisionRules, {
  // Valid fields go to the command, which checks the same rules with the patient's fractures.
  when: (payload) => payload.issues.length > 0,
})
export type DecisionInput = z.infer<typeof decisionSchema>
