import { z } from 'zod'
import { safeText } from '@/lib/form-fields'
import { refinePassword } from './password-check'

export const signInSchema = z.object({
  email: safeText().min(1, 'Enter your email').max(254),
  password: z.string().min(1, 'Enter your password').max(1024),
})

/** A six-digit code from the authenticator app, or a recovery code (XXXX-XXXX-XXXX-XXXX). */
export const twoFactorCodeSchema = z.object({
  code: safeText()
    .min(1, 'Enter the code from your authenticator app')
    .max(64, 'Enter the six-digit code, or a recovery code'),
})

export const turnOffTwoFactorSchema = twoFactorCodeSchema.extend({
  currentPassword: z.string().min(1, 'Enter your current password').max(1024),
})

/** The code step of the sign-in, keeping where the member was going. */
export function twoFactorPath(callbackPath: string | null): string {
  return callbackPath
    ? `/login/two-factor?callbackUrl=${encodeURIComponent(callbackPath)}`
    : '/login/two-factor'
}

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
