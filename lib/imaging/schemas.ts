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

export const completeImagingSchema = z.object({
  orderId: z.uuid(),
  completedOn: pastOrToday('completion date'),
  finding: safeText().min(1, 'Enter the finding').max(2000, 'Use at most 2000 characters'),
})
