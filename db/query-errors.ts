import { PgPreparedQuery } from 'drizzle-orm/pg-core'

// drizzle wraps a failed query as "Failed query: <sql> params: <values>", and PGlite (and pg's
// `detail`, e.g. "Key (mrn)=(…) already exists") carry the values too: logged as is, a failed
// insert would print names, MRNs and dates of birth. Every query error is replaced here, once,
// by one that keeps what code and operators need and never a parameter value.

// PostgreSQL's `detail` names the offending value ("Key (mrn)=(…) already exists"): kept off the
// error, where no log can print it, for the one caller that needs to know which row clashed.
const detailByError = new WeakMap<DatabaseQueryError, string>()

/** The server's `detail` of a redacted query error (may quote values: never log it). */
export function databaseErrorDetail(error: unknown): string | null {
  for (let current = error, depth = 0; current && depth < 4; depth++) {
    if (current instanceof DatabaseQueryError) return detailByError.get(current) ?? null
    current = (current as { cause?: unknown }).cause
  }
  return null
}

/** The fields of a PostgreSQL error that name things, never values. */
const SAFE_FIELDS = [
  'code',
  'severity',
  'constraint',
  'table',
  'column',
  'schema',
  'dataType',
  'routine',
] as const

type SafeField = (typeof SAFE_FIELDS)[number]

/** A database error without parameter values: the SQL text, the SQLSTATE code and names only. */
export class DatabaseQueryError extends Error {
  readonly query: string
  readonly code?: string
  readonly severity?: string
  readonly constraint?: string
  readonly table?: string
  readonly column?: string
  readonly schema?: string
  readonly dataType?: string
  readonly routine?: string

  constructor(query: string, original: unknown) {
    const source = (original ?? {}) as Partial<Record<SafeField | 'constraint_name', unknown>>
    const fields: Partial<Record<SafeField, string>> = {}
    for (const field of SAFE_FIELDS) {
      const value =
        field === 'constraint' ? (source.constraint ?? source.constraint_name) : source[field]
      if (typeof value === 'string' && value !== '') fields[field] = value
    }
    const summary = describeCause(original, fields.code)
    super(`Failed query (${summary}): ${query}`, {
      cause: new DatabaseErrorCause(summary, fields),
    })
    this.name = 'DatabaseQueryError'
    this.query = query
    Object.assign(this, fields)
    const { detail } = source as { detail?: unknown }
    if (typeof detail === 'string') detailByError.set(this, detail)
  }
}

/** The cause kept on a DatabaseQueryError: the same named fields, for code that walks `cause`. */
class DatabaseErrorCause extends Error {
  constructor(message: string, fields: Partial<Record<SafeField, string>>) {
    super(message)
    this.name = 'DatabaseError'
    Object.assign(this, fields)
    // The stack would only repeat the outer one.
    this.stack = `${this.name}: ${message}`
  }
}

// Connection failures say nothing about rows; their messages stay so they can be diagnosed
// (and so lib/errors.ts still recognises them).
const CONNECTION_MESSAGE =
  /connection terminated|terminating connection|pglite is closed|database system is (starting up|shutting down)|timeout exceeded when trying to connect|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EPIPE/i

function describeCause(original: unknown, code: string | undefined): string {
  const { message, code: nodeCode } = (original ?? {}) as { message?: unknown; code?: unknown }
  if (typeof message === 'string' && CONNECTION_MESSAGE.test(message)) {
    return message.split('\n')[0]!.slice(0, 200)
  }
  // Class 22 (data exception) messages quote the offending input ("invalid input syntax for
  // type date: …"); other classes name objects, and their values sit in `detail`, dropped.
  if (code && !code.startsWith('22') && typeof message === 'string') {
    return message.split('\n')[0]!.slice(0, 300)
  }
  if (code) return `SQLSTATE ${code}`
  return typeof nodeCode === 'string' ? nodeCode : 'database error'
}

/** A query error's replacement: anything already redacted (or not from the database) as is. */
export function redactQueryError(error: unknown, query: string): unknown {
  if (error instanceof DatabaseQueryError) return error
  const inner = (error as { cause?: unknown } | null)?.cause
  // drizzle's own wrapper: its cause is the driver's error.
  const driverError =
    error instanceof Error && error.message.startsWith('Failed query:') ? inner : error
  return new DatabaseQueryError(query, driverError)
}

const installed = Symbol.for('augment.redactedQueryErrors')
type Patchable = { [installed]?: true; queryWithCache: QueryWithCache }
type QueryWithCache = (
  this: unknown,
  queryString: string,
  params: unknown[],
  query: () => Promise<unknown>,
) => Promise<unknown>

/**
 * Makes every drizzle query (both drivers run theirs through `queryWithCache`) throw a
 * DatabaseQueryError instead of an error carrying its parameters. Idempotent.
 */
export function installQueryErrorRedaction(): void {
  const prototype = PgPreparedQuery.prototype as unknown as Patchable
  if (prototype[installed]) return
  const original = prototype.queryWithCache
  prototype.queryWithCache = async function (queryString, params, query) {
    try {
      return await original.call(this, queryString, params, query)
    } catch (error) {
      throw redactQueryError(error, queryString)
    }
  }
  prototype[installed] = true
}
