import { z } from 'zod'
import { staffRoles } from '@/db/schema'
import { MIN_PASSWORD_LENGTH } from '@/lib/auth/password-policy'

export const newStaffSchema = z.object({
  email: z.email('Enter a valid email address').trim().toLowerCase().max(254),
  name: z.string().trim().min(1, 'Enter a name').max(200),
  role: z.enum(staffRoles, 'Choose a role'),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`)
    .max(1024, 'Use at most 1024 characters'),
})
export type NewStaffInput = z.infer<typeof newStaffSchema>
