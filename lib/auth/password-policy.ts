// The password rules a form can state without the blocklist (safe to import in client code).
// NIST SP 800-63B: a length floor, a generous ceiling, no composition rules. A password that is
// the only factor needs 15 characters (§3.1.1.2); with two-factor sign-in on, 12 is enough.
// The blocklist, the pattern checks and the email check live in ./password-check.ts, which only
// the server loads.
export const MIN_PASSWORD_LENGTH = 12
export const MIN_SINGLE_FACTOR_PASSWORD_LENGTH = 15
export const MAX_PASSWORD_LENGTH = 128

export const PASSWORD_HINT = `${MIN_SINGLE_FACTOR_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters of any kind, spaces included (${MIN_PASSWORD_LENGTH} once two-factor sign-in is on). Not a common or breached password, not a keyboard line or a repeated pattern, and not the name in the email address.`
