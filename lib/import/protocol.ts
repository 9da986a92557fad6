// The upload's limits and the NDJSON lines the import route streams back. Imports nothing, so
// the browser's upload form can use it without pulling server code into its bundle.

/** Limits that keep one request's memory and one transaction's length bounded. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024
export const MAX_IMPORT_ROWS = 20_000
/** The errors a report lists; the total is always given. */
export const MAX_REPORTED_ERRORS = 200

export const UPLOAD_FIELD_NAME = 'file'

/** One problem in the file: `line` counts from the header (line 1); `column` is the CSV's. */
export interface ImportError {
  line: number
  /** The CSV column, or '' for a problem with the whole line. */
  column: string
  message: string
}

export type ImportProgress =
  | { phase: 'reading' }
  | { phase: 'validating'; done: number; total: number }
  | { phase: 'checking'; total: number }
  | { phase: 'writing'; done: number; total: number }

export type ImportOutcome =
  | { phase: 'done'; imported: number }
  | {
      phase: 'failed'
      message: string
      /** The first MAX_REPORTED_ERRORS, in file order. */
      errors: ImportError[]
      errorCount: number
    }

export type ImportEvent = ImportProgress | ImportOutcome

const PHASES = new Set<string>(['reading', 'validating', 'checking', 'writing', 'done', 'failed'])

/** One NDJSON line from the server, or null when it is not one of ours. */
export function parseImportEvent(line: string): ImportEvent | null {
  try {
    const value: unknown = JSON.parse(line)
    if (typeof value !== 'object' || value === null) return null
    const phase = (value as { phase?: unknown }).phase
    return typeof phase === 'string' && PHASES.has(phase) ? (value as ImportEvent) : null
  } catch {
    return null
  }
}

export function importFailed(message: string, errors: ImportError[] = []): ImportOutcome {
  return {
    phase: 'failed',
    message,
    errors: errors.slice(0, MAX_REPORTED_ERRORS),
    errorCount: errors.length,
  }
}

export const formatCount = (value: number) => value.toLocaleString('en-US')
