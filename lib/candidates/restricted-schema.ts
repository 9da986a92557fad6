import { z } from 'zod'
import { safeText } from '@/lib/form-fields'

// The forms of restricted records. A reason is read by people deciding whether access was
// justified, so it must be a sentence in plain words, not a code or a pasted blob.

export const ACCESS_REASON_MIN = 20

// Line breaks too: the reason is a textarea.
const PLAIN_WORDS = /^[\p{L}\p{N}\p{Zs}\r\n.,;:'"()/&?!-]+$/u

const tooShort = `Give a reason of at least ${ACCESS_REASON_MIN} characters`

// safeText first, as every free-text field: control and bidi characters get its plain message.
export const accessReason = safeText({ multiline: true, required: tooShort })
  .min(ACCESS_REASON_MIN, tooShort)
  .max(500, 'Keep the reason under 500 characters')
  .refine((text) => PLAIN_WORDS.test(text), 'Use plain words and punctuation only')
  .refine(
    (text) => (text.match(/\p{L}{2,}/gu) ?? []).length >= 3,
    'Say in a few words why you need this record',
  )

export const restrictRecordSchema = z.object({ patientId: z.uuid(), reason: accessReason })
export const grantAccessSchema = z.object({
  patientId: z.uuid(),
  staffId: z.uuid('Choose a staff member'),
  reason: accessReason,
})
export const revokeAccessSchema = z.object({ grantId: z.uuid() })
export const breakGlassSchema = z.object({ patientId: z.uuid(), reason: accessReason })
export const reviewAccessSchema = z.object({ grantId: z.uuid() })
