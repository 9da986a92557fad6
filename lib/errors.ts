// Errors the UI knows how to show. A digest set here survives Next's production error
// redaction, so error.tsx can say "Database unavailable" instead of a generic failure.
export const DATABASE_UNAVAILABLE_DIGEST = 'AUGMENT_DATABASE_UNAVAILABLE'

/** What a form says when its action could not reach the database. */
export const DATABASE_UNAVAILABLE_MESSAGE =
  'Augment cannot reach its database right now. Nothing was changed; try again in a moment.'

export class DatabaseUnavailableError extends Error {
  readonly digest = DATABASE_UNAVAILABLE_DIGEST
  constructor(cause: unknown) {
    super('Database unavailable', { cause })
    this.name = 'DatabaseUnavailableError'
  }
}

const CONNECTION_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
])
const CONNECTION_MESSAGES =
  /connection terminated|terminating connection|pglite is closed|database system is (starting up|shutting down)|timeout exceeded when trying to connect/i

/** True when `error` (or anything in its cause chain) says the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 6; depth++) {
    if (current instanceof DatabaseUnavailableError) return true
    const { code, message, cause } = current as {
      code?: unknown
      message?: unknown
      cause?: unknown
    }
    if (typeof code === 'string') {
      // SQLSTATE class 08 is "connection exception"; 57P0x is an operator shutdown.
      if (CONNECTION_ERROR_CODES.has(code) || code.startsWith('08') || /^57P0[1-3]$/.test(code))
        return true
    }
    if (typeof message === 'string' && CONNECTION_MESSAGES.test(message)) return true
    const errors = (current as { errors?: unknown }).errors
    if (Array.isArray(errors) && errors.some(isDatabaseUnavailable)) return true
    // Auth.js wraps what authorize() threw as `cause: { err, provider }`.
    current = cause ?? (current as { err?: unknown }).err
  }
  return false
}

/** Rethrows `error` as DatabaseUnavailableError when it is a lost connection, else as is. */
export function rethrowDatabaseError(error: unknown): never {
  throw isDatabaseUnavailable(error) ? new DatabaseUnavailableError(error) : error
}
