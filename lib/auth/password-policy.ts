// The password rules a form can state without the blocklist (safe to import in client code).
// NIST SP 800-63B: a length floor, a generous ceiling, no composition rules. The blocklist and
// the email check live in ./password-check.ts, which only the server loads.
export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 128

export const PASSWORD_HINT = `${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters of any kind, spaces included. Not a common or breached password, and not the name in the email address.`
