import { z } from 'zod'
import {
  adverseEventCategories,
  anesthesiaTypes,
  approaches,
  dispositions,
  leakageLocations,
  leakageTypes,
  overnightReasons,
  procedureTypes,
  vertebralLevels,
  MAX_BOOKING_MINUTES,
  MIN_BOOKING_MINUTES,
} from '@/db/schema'
import { isSkippedTime, readDateTimeInput } from '@/lib/clinic-time'
import { isIsoDate, todayIso } from '@/lib/dates'
import { clinicTimeZone } from '@/lib/env'
import {
  checkbox,
  decimalNumber,
  optionalNumber,
  optionalText,
  requiredNumber,
  safeText,
  versionNumber,
} from '@/lib/form-fields'
import { DEFAULT_BOOKING_MINUTES, MAX_CEMENT_ML, MIN_CEMENT_ML } from './rules'

/**
 * A datetime-local input (yyyy-mm-ddThh:mm) read as the clinic's wall clock, whatever the
 * browser's or the server's zone; an issue on `context` when it is not one.
 */
function clinicInstant(value: string, label: string, context: z.RefinementCtx): Date {
  const zone = clinicTimeZone()
  const instant = readDateTimeInput(value, zone)
  if (instant) return instant
  context.addIssue({
    code: 'custom',
    message: isSkippedTime(value, zone)
      ? `The ${label} falls in the hour the clocks skip: enter a time that exists`
      : `Enter the ${label} as a date and time`,
  })
  return z.NEVER
}

const dateTime = (label: string) =>
  z
    .string()
    .trim()
    .min(1, { message: `Enter the ${label}`, abort: true })
    .transform((value, context) => clinicInstant(value, label, context))

const optionalDateTime = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, context) => (value ? clinicInstant(value, label, context) : null))

const optionalEnum = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .enum(values)
    .optional()
    .or(z.literal('').transform(() => undefined))
    .transform((value) => value ?? null)

const version = versionNumber

/** Minutes booked; empty or absent is the usual hour. */
const bookingMinutes = z
  .union([z.string(), z.number()])
  .optional()
  .transform((value) =>
    value === undefined || value === '' ? DEFAULT_BOOKING_MINUTES : decimalNumber(value),
  )
  .refine(
    (value) =>
      Number.isInteger(value) && value >= MIN_BOOKING_MINUTES && value <= MAX_BOOKING_MINUTES,
    `The duration must be whole minutes from ${MIN_BOOKING_MINUTES} to ${MAX_BOOKING_MINUTES}`,
  )

const procedurePlan = {
  type: z.enum(procedureTypes, 'Choose the procedure type'),
  scheduledAt: dateTime('scheduled date and time'),
  durationMinutes: bookingMinutes,
  // The physician agreed to a booking that overlaps another of theirs.
  doubleBook: checkbox,
  physicianId: z.uuid('Choose the physician'),
  anesthesia: z.enum(anesthesiaTypes, 'Choose the anesthesia'),
  approach: z.enum(approaches, 'Choose the approach'),
  plannedLevels: z
    .array(z.enum(vertebralLevels))
    .min(1, 'Choose at least one level')
    .max(5, 'At most five levels in one session'),
}

export const scheduleProcedureSchema = z.object({
  patientId: z.uuid(),
  version,
  ...procedurePlan,
  // A procedure done before it was booked: its time has passed, its completion comes next.
  alreadyPerformed: checkbox,
})
export type ScheduleProcedureInput = z.infer<typeof scheduleProcedureSchema>

export const rescheduleProcedureSchema = z.object({
  procedureId: z.uuid(),
  version,
  ...procedurePlan,
})
export type RescheduleProcedureInput = z.infer<typeof rescheduleProcedureSchema>

export const cancelProcedureSchema = z.object({
  procedureId: z.uuid(),
  version,
  cancelReason: safeText({ multiline: true }).min(1, 'Give the reason for cancelling').max(1000),
})

export const treatedLevelSchema = z.object({
  level: z.enum(vertebralLevels),
  cementVolumeMl: requiredNumber(MIN_CEMENT_ML, MAX_CEMENT_ML, 'Cement volume (mL)'),
  kyphoticAngleBeforeDeg: optionalNumber(0, 90, 'Kyphotic angle before'),
  kyphoticAngleAfterDeg: optionalNumber(0, 90, 'Kyphotic angle after'),
  heightRestoredPct: optionalNumber(0, 100, 'Height restored'),
})

/** A time already come: a few minutes ahead allowed for clocks that differ. */
const notInTheFuture = (value: Date | null) =>
  value === null || value.getTime() <= Date.now() + 5 * 60_000

/** How the patient left: at completion, or recorded and corrected after it. */
const dispositionFields = {
  disposition: z.enum(
    dispositions,
    'Choose the disposition: same-day discharge or overnight observation',
  ),
  overnightReason: optionalEnum(overnightReasons),
  dischargedAt: optionalDateTime('discharge time').refine(
    notInTheFuture,
    'The discharge cannot be in the future: record it once the patient has left',
  ),
}

function overnightNeedsReason(
  input: { disposition: string; overnightReason: string | null },
  context: z.RefinementCtx,
) {
  if (input.disposition === 'overnight' && !input.overnightReason) {
    context.addIssue({
      code: 'custom',
      path: ['overnightReason'],
      message: 'Overnight observation needs a reason',
    })
  }
}

/** Disposition and discharge of a completed procedure (coordinators and physicians). */
export const dispositionSchema = z
  .object({ procedureId: z.uuid(), version, ...dispositionFields })
  .superRefine(overnightNeedsReason)
export type DispositionInput = z.infer<typeof dispositionSchema>

export const completeProcedureSchema = z
  .object({
    procedureId: z.uuid(),
    version,
    performedAt: dateTime('time performed').refine(notInTheFuture, {
      message: 'A procedure cannot be completed in the future',
    }),
    cement: safeText().min(1).max(100).default('PMMA'),
    ...dispositionFields,
    levels: z.array(treatedLevelSchema).min(1, 'Record at least one treated level'),
  })
  .superRefine((input, context) => {
    overnightNeedsReason(input, context)
    if (input.dischargedAt && input.dischargedAt < input.performedAt) {
      context.addIssue({
        code: 'custom',
        path: ['dischargedAt'],
        message: 'Discharge cannot be before the procedure',
      })
    }
  })
export type CompleteProcedureInput = z.infer<typeof completeProcedureSchema>

/** A physician's correction of a completed procedure's details, with the reason. */
export const amendProcedureSchema = z.object({
  procedureId: z.uuid(),
  version,
  performedAt: dateTime('time performed').refine(notInTheFuture, {
    message: 'A procedure cannot have been performed in the future',
  }),
  cement: safeText().min(1, 'Enter the cement').max(100),
  levels: z.array(treatedLevelSchema).min(1, 'Record at least one treated level'),
  reason: safeText({ multiline: true })
    .min(1, 'Give the reason for the amendment')
    .max(1000, 'Use at most 1000 characters'),
})
export type AmendProcedureInput = z.infer<typeof amendProcedureSchema>

export const adverseEventSchema = z
  .object({
    procedureId: z.uuid(),
    category: z.enum(adverseEventCategories, 'Choose the adverse event'),
    leakageType: optionalEnum(leakageTypes),
    leakageLocation: optionalEnum(leakageLocations),
    symptomatic: checkbox,
    detectedOn: z
      .string()
      .trim()
      .refine(isIsoDate, 'Enter the date detected (YYYY-MM-DD)')
      .refine((value) => value <= todayIso(), 'The date detected cannot be in the future'),
    note: optionalText(2000, { multiline: true }),
    // Made by the server when the form rendered: two posts of one render record one event.
    formKey: z.uuid().optional(),
  })
  .superRefine((input, context) => {
    if (input.category !== 'cement_leakage' && (input.leakageType || input.leakageLocation)) {
      context.addIssue({
        code: 'custom',
        path: ['leakageType'],
        message: 'Leakage type and location are for cement leakage only',
      })
    }
  })
export type AdverseEventInput = z.infer<typeof adverseEventSchema>

/**
 * FormData to a plain object for these schemas: `plannedLevels` repeats, and treated levels come
 * as `levels.<LEVEL>.<field>` with a `levels.<LEVEL>.treated` checkbox.
 */
export function procedureFormObject(formData: FormData): Record<string, unknown> {
  const object: Record<string, unknown> = {}
  const levels = new Map<string, Record<string, string>>()
  for (const [key, value] of formData) {
    if (typeof value !== 'string') continue
    const match = /^levels\.([A-Z]\d{1,2})\.(\w+)$/.exec(key)
    if (match) {
      const [, level, field] = match as unknown as [string, string, string]
      levels.set(level, { ...(levels.get(level) ?? { level }), [field]: value })
    } else if (key === 'plannedLevels') {
      object.plannedLevels = [...((object.plannedLevels as string[] | undefined) ?? []), value]
    } else {
      object[key] = value
    }
  }
  object.plannedLevels ??= []
  // Only the levels ticked as treated; the schema strips the checkbox itself.
  object.levels = [...levels.values()].filter((level) => level.treated === 'on')
  return object
}
