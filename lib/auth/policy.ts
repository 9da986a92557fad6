// Sign-in and session limits, in one place so tests and code agree.
// Per (email, client address): password checks (and codes) in any window of this length.
export const MAX_FAILED_SIGN_INS = 5
export const ATTEMPT_WINDOW_MINUTES = 15
// The fifth failure locks that address out of the account for this long.
export const LOCKOUT_MINUTES = 15
// The account as a whole locks only when this many addresses are each locked out of it at once.
export const ACCOUNT_LOCK_ADDRESSES = 3
// Per client address: guessing spread over many accounts from one place.
export const MAX_FAILURES_PER_ADDRESS = 20
export const ADDRESS_WINDOW_MINUTES = 15
export const IDLE_TIMEOUT_SECONDS = 15 * 60
export const ABSOLUTE_SESSION_SECONDS = 12 * 60 * 60

export const INVALID_CREDENTIALS_MESSAGE = 'Invalid email or password'
export const INVALID_CODE_MESSAGE =
  'That code did not work. Enter the current code from your app, or an unused recovery code.'
export const TOO_MANY_GUESSES_MESSAGE =
  'Too many wrong passwords from this address. Try again in 15 minutes.'
// The own-settings code checks share the password's slots: either may have used them up.
export const TOO_MANY_CODES_MESSAGE =
  'Too many wrong passwords or codes from this address. Try again in 15 minutes.'
export const THROTTLED_MESSAGE =
  'Too many failed sign-ins from this address. Try again in 15 minutes.'

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}
