import { z } from 'zod'
import { imagingModalities } from '@/db/schema'
import { isIsoDate, todayIso } from '@/lib/dates'
import { safeText } from '@/lib/form-fields'

const pastOrToday = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => value || todayIso())
    .refine(isIsoDate, `Enter the ${label} as a date (YYYY-MM-DD)`)
    .refine((value) => value <= todayIso(), `The ${label} cannot be in the future`)

export const orderImagingSchema = z.object({
  patientId: z.uuid(),
  modality: z.enum(imagingModalities, 'Choose the modality'),
  orderedOn: pastOrToday('order date'),
  // Made by the server when the form rendered: two posts of one render order one study.
  formKey: z.uuid().optional(),
})

const findingText = safeText().max(2000, 'Use at most 2000 characters')

export const completeImagingSchema = z.object({
  orderId: z.uuid(),
  completedOn: pastOrToday('completion date'),
  // Empty: the study is done and its report is to follow (added with the finding form).
  finding: findingText.transform((value) => value || null),
})

/** The finding of a study completed with its report to follow. */
export const addImagingFindingSchema = z.object({
  orderId: z.uuid(),
  finding: findingText.min(1, 'Enter the finding'),
})
