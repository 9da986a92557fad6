/** The name of the unique constraint a PostgreSQL error violated (SQLSTATE 23505), if any. */
export function violatedUniqueConstraint(error: unknown): string | null {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    const { code, constraint, constraint_name, cause } = current as {
      code?: unknown
      constraint?: unknown
      constraint_name?: unknown
      cause?: unknown
    }
    // pg reports `constraint`; PGlite reports it as `constraint` too, older builds `constraint_name`.
    if (code === '23505') return String(constraint ?? constraint_name ?? '')
    current = cause
  }
  return null
}
