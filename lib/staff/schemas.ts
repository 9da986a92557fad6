import { z } from 'zod'
import { staffRoles } from '@/db/schema'
import { refinePassword, refinePasswordEmail } from '@/lib/auth/password-check'
import { safeText } from '@/lib/form-fields'

// Server-side schemas (the password rule loads the blocklist): forms get messages back from
// their actions, next to each field.

export const staffRoleSchema = z.enum(staffRoles, 'Choose a role')

const staffEmail = safeText({ required: 'Enter an email address' })
  .toLowerCase()
  .max(254, 'Use at most 254 characters')
  .pipe(z.email('Enter a valid email address'))

const staffName = safeText({ required: 'Enter a name' })
  .min(1, 'Enter a name')
  .max(200, 'Use at most 200 characters')

const staffId = z.uuid('Unknown staff member')

/**
 * The staff:create command: the password is required (prompted for or from STAFF_PASSWORD). The
 * account starts without two-factor sign-in, so the single-factor minimum applies.
 */
export const newStaffSchema = z
  .object({
    email: staffEmail,
    name: staffName,
    role: staffRoleSchema,
    password: z.string().superRefine((value, ctx) => refinePassword(ctx, value, {})),
  })
  .superRefine((value, ctx) => refinePasswordEmail(ctx, value.password, value.email, 'password'))
export type NewStaffInput = z.infer<typeof newStaffSchema>

/** An admin's "Add staff member" form: no password (the member sets theirs with a link). */
export const addStaffSchema = z.object({
  name: staffName,
  email: staffEmail,
  role: staffRoleSchema,
})
export type AddStaffInput = z.infer<typeof addStaffSchema>

/** "Change role": `currentRole` is what the admin saw, so a change made meanwhile is caught. */
export const changeRoleSchema = z.object({
  staffId,
  currentRole: staffRoleSchema,
  role: staffRoleSchema,
})
export type ChangeRoleInput = z.infer<typeof changeRoleSchema>

/** "Reset password": the account is all it needs (the member sets the new one). */
export const resetPasswordSchema = z.object({ staffId })

/** Unlock, deactivate, reactivate: the account is all they need. */
export const staffTargetSchema = z.object({ staffId })
export type StaffTargetInput = z.infer<typeof staffTargetSchema>

/** An enrolment link's token: 32 random bytes, base64url (43 characters). */
export const ENROLMENT_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

/**
 * The enrolment page: the member's own new password, twice. The policy's rules that need the
 * account (its email, the single-factor length) are checked once the link is known (in the DAL).
 */
export const enrolSchema = z
  .object({
    token: z.string().regex(ENROLMENT_TOKEN_PATTERN, 'This enrolment link is not valid'),
    newPassword: z.string().superRefine((value, ctx) => refinePassword(ctx, value)),
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match',
  })

/** "Acknowledge" a new clinical access (a physician, on the Overview). */
export const acknowledgeClinicalAccessSchema = z.object({
  grantId: z.uuid('Unknown access to acknowledge'),
})
