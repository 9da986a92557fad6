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

/** A new password: the policy's own rules here, the email rule beside the email field. */
const newPassword = z.string().superRefine((value, ctx) => refinePassword(ctx, value))

/** An optional password input: empty means "generate one". Never trimmed (spaces count). */
const optionalPassword = z
  .string()
  .optional()
  .transform((value) => (value ? value : undefined))
  .superRefine((value, ctx) => refinePassword(ctx, value))

const staffId = z.uuid('Unknown staff member')

/** The staff:create command: the password is required (prompted for or from STAFF_PASSWORD). */
export const newStaffSchema = z
  .object({ email: staffEmail, name: staffName, role: staffRoleSchema, password: newPassword })
  .superRefine((value, ctx) => refinePasswordEmail(ctx, value.password, value.email, 'password'))
export type NewStaffInput = z.infer<typeof newStaffSchema>

/** An admin's "Add staff member" form; an empty temporary password is generated. */
export const addStaffSchema = z
  .object({
    name: staffName,
    email: staffEmail,
    role: staffRoleSchema,
    temporaryPassword: optionalPassword,
  })
  .superRefine((value, ctx) =>
    refinePasswordEmail(ctx, value.temporaryPassword, value.email, 'temporaryPassword'),
  )
export type AddStaffInput = z.infer<typeof addStaffSchema>

/** "Change role": `currentRole` is what the admin saw, so a change made meanwhile is caught. */
export const changeRoleSchema = z.object({
  staffId,
  currentRole: staffRoleSchema,
  role: staffRoleSchema,
})
export type ChangeRoleInput = z.infer<typeof changeRoleSchema>

/** "Reset password": the email rule is checked once the account is known (in the DAL). */
export const resetPasswordSchema = z.object({ staffId, temporaryPassword: optionalPassword })
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>

/** Unlock, deactivate, reactivate: the account is all they need. */
export const staffTargetSchema = z.object({ staffId })
export type StaffTargetInput = z.infer<typeof staffTargetSchema>
