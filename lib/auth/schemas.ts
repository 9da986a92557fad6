import { z } from 'zod'
import { refinePassword } from './password-check'

export const signInSchema = z.object({
  email: z.string().trim().min(1, 'Enter your email').max(254),
  password: z.string().min(1, 'Enter your password').max(1024),
})

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1, 'Enter your current password').max(1024),
    newPassword: z.string().superRefine((value, ctx) => refinePassword(ctx, value)),
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match',
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ['newPassword'],
    message: 'Choose a password different from the current one',
  })

/** Keeps only a same-site path; anything else (absolute, protocol-relative) becomes null. */
export function safeCallbackPath(value: unknown): string | null {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.includes('\\')
  ) {
    return null
  }
  try {
    const url = new URL(value, 'http://augment.invalid')
    return url.origin === 'http://augment.invalid' ? `${url.pathname}${url.search}` : null
  } catch {
    return null
  }
}
