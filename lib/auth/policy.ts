// Sign-in and session limits, in one place so tests and code agree.
export const MAX_FAILED_SIGN_INS = 5
export const LOCKOUT_MINUTES = 15
// Per client address: guessing spread over many accounts from one place.
export const MAX_FAILURES_PER_ADDRESS = 20
export const ADDRESS_WINDOW_MINUTES = 15
export const ADDRESS_BLOCK_MINUTES = 15
export const IDLE_TIMEOUT_SECONDS = 15 * 60
export const ABSOLUTE_SESSION_SECONDS = 12 * 60 * 60

export const INVALID_CREDENTIALS_MESSAGE = 'Invalid email or password'
export const INVALID_CODE_MESSAGE =
  'That code did not work. Enter the current code from your app, or an unused recovery code.'
export const THROTTLED_MESSAGE =
  'Too many failed sign-ins from this address. Try again in 15 minutes.'

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

/** The client's address as the nearest proxy (or Next's own server) reported it. */
export function clientAddressFrom(headers: Headers): string {
  const forwarded = headers.get('x-forwarded-for')
  const first = forwarded?.split(',')[0]?.trim()
  return first || headers.get('x-real-ip')?.trim() || 'unknown'
}
