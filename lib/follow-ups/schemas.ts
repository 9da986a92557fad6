import { z } from 'zod'
import { analgesicUses, mobilityLevels } from '@/db/schema'
import { isIsoDate, todayIso } from '@/lib/dates'
import {
  checkbox,
  decimalNumber,
  optionalNumber,
  optionalText,
  versionNumber,
} from '@/lib/form-fields'
import { odiScore } from './rules'

const ODI_SECTIONS = Array.from({ length: 10 }, (_, i) => `odi${i + 1}` as const)

/**
 * A follow-up assessment. ODI is entered as a total, or as its ten section answers (0–5 each),
 * which are scored here; a total and sections together must agree.
 */
export const followUpSchema = z
  .object({
    followUpId: z.uuid(),
    version: versionNumber,
    assessedOn: z
      .string()
      .trim()
      .min(1, { message: 'Enter the date assessed', abort: true })
      .refine(isIsoDate, { message: 'Enter the date assessed (YYYY-MM-DD)', abort: true })
      .refine((value) => value <= todayIso(), 'The date assessed cannot be in the future'),
    painNrs: z
      .union([z.string(), z.number()])
      .refine((value) => value !== '', { message: 'Enter the pain score', abort: true })
      .transform(decimalNumber)
      .refine(
        (value) => Number.isInteger(value) && value >= 0 && value <= 10,
        'Pain score is a whole number from 0 to 10',
      ),
    odi: optionalNumber(0, 100, 'ODI'),
    ...Object.fromEntries(
      ODI_SECTIONS.map((name) => [name, optionalNumber(0, 5, 'Each ODI section')]),
    ),
    rmdq: optionalNumber(0, 24, 'RMDQ'),
    analgesicUse: z.enum(analgesicUses, 'Choose the analgesic use'),
    mobility: z.enum(mobilityLevels, 'Choose the mobility'),
    newFracture: checkbox,
    kyphoticAngleDeg: optionalNumber(0, 90, 'Kyphotic angle'),
    note: optionalText(2000, { multiline: true }),
  })
  .transform((input, context) => {
    const sections = ODI_SECTIONS.map(
      (name) => (input as Record<string, unknown>)[name] as number | null,
    )
    const answered = sections.filter((value) => value !== null).length
    let odi = input.odi
    if (answered > 0) {
      const scored = odiScore(sections)
      if (scored === null) {
        context.addIssue({
          code: 'custom',
          path: ['odi'],
          message: 'Answer at least nine ODI sections, or enter the total',
        })
        return z.NEVER
      }
      if (odi !== null && odi !== scored) {
        context.addIssue({
          code: 'custom',
          path: ['odi'],
          message: `The sections score ${scored}, not ${odi}`,
        })
        return z.NEVER
      }
      odi = scored
    }
    if (odi !== null && !Number.isInteger(odi)) {
      context.addIssue({ code: 'custom', path: ['odi'], message: 'ODI is a whole number' })
      return z.NEVER
    }
    return {
      followUpId: input.followUpId,
      version: input.version,
      assessedOn: input.assessedOn,
      painNrs: input.painNrs,
      odi,
      rmdq: input.rmdq,
      analgesicUse: input.analgesicUse,
      mobility: input.mobility,
      newFracture: input.newFracture,
      kyphoticAngleDeg: input.kyphoticAngleDeg,
      note: input.note,
    }
  })
export type FollowUpInput = z.infer<typeof followUpSchema>
