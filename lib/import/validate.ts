import Papa from 'papaparse'
import { etiologies, sexes } from '@/db/schema'
import { patientFieldsSchema, type PatientFields } from '@/lib/candidates/schemas'
import { REFERRAL_COLUMNS, type ReferralColumnName } from './columns'
import { formatCount, MAX_IMPORT_ROWS, type ImportError, type ImportProgress } from './protocol'

/** A row that passed every check that needs no database, with the file line it came from. */
export interface ValidReferral {
  line: number
  fields: PatientFields
}

export type CsvCheck =
  /** The file as a whole cannot be imported (header, size): rows were not checked. */
  | { kind: 'refused'; message: string; errors: ImportError[] }
  /** Every row checked: the valid ones, and all errors found in the others. */
  | {
      kind: 'checked'
      rowCount: number
      rows: ValidReferral[]
      errors: ImportError[]
      /** Each well-formed MRN once, with its first line: the caller looks for stored ones. */
      mrns: MrnLine[]
    }

export interface MrnLine {
  line: number
  mrn: string
}

export interface CheckOptions {
  /** Active physicians by lower-cased email. */
  physicianIdByEmail: ReadonlyMap<string, string>
  onProgress?: (progress: ImportProgress) => void | Promise<void>
  maxRows?: number
}

interface CsvLine {
  line: number
  cells: string[]
  parseErrors: string[]
}

const PROGRESS_EVERY = 1_000
const REQUIRED = REFERRAL_COLUMNS.filter((column) => column.required).map((column) => column.name)
const KNOWN = new Set<string>(REFERRAL_COLUMNS.map((column) => column.name))
const COLUMN_ORDER = new Map<string, number>(REFERRAL_COLUMNS.map((column, i) => [column.name, i]))
const COLUMN_BY_FIELD = new Map<string, ReferralColumnName>(
  REFERRAL_COLUMNS.map((column) => [column.field, column.name]),
)
// Satisfies the schema's uuid check while the email column carries the real error.
const UNRESOLVED_PHYSICIAN_ID = '00000000-0000-4000-8000-000000000000'

/**
 * Parses a referrals CSV and checks every row with the patient schema, in memory: the header,
 * each field, the physician's email and MRNs repeated in the file. MRNs already stored are the
 * caller's to check (they need the database). Reports every error, never only the first.
 */
export async function checkReferralsCsv(text: string, options: CheckOptions): Promise<CsvCheck> {
  const maxRows = options.maxRows ?? MAX_IMPORT_ROWS
  const parsed = parseCsvLines(text, maxRows + 1)
  const [header, ...records] = parsed
  if (!header) return refused('The file is empty: it needs a header row and at least one row.')

  const headerCheck = checkHeader(header)
  if (headerCheck.errors.length > 0) {
    return refused('The header row has problems: nothing was checked further.', headerCheck.errors)
  }
  if (records.length === 0) return refused('The file has a header row but no rows to import.')
  if (records.length > maxRows) {
    return refused(
      `The file has more than ${formatCount(maxRows)} rows. Split it into smaller files.`,
    )
  }

  const errors: ImportError[] = []
  const rows: ValidReferral[] = []
  const firstLineByMrn = new Map<string, number>()
  for (const [index, record] of records.entries()) {
    if (index % PROGRESS_EVERY === 0) {
      await options.onProgress?.({ phase: 'validating', done: index, total: records.length })
      // Lets the streamed progress reach the browser between slices of synchronous work.
      await yieldToEventLoop()
    }
    const rowErrors: ImportError[] = []
    const { fields, mrn } = checkRecord(record, headerCheck.indexByName, options, rowErrors)
    // A repeat is reported even when either line has other errors: both need fixing.
    if (mrn !== null) {
      const firstLine = firstLineByMrn.get(mrn)
      if (firstLine === undefined) firstLineByMrn.set(mrn, record.line)
      else {
        rowErrors.push({
          line: record.line,
          column: 'mrn',
          message: `MRN ${mrn} is already on line ${firstLine} of this file`,
        })
      }
    }
    if (rowErrors.length > 0) errors.push(...rowErrors)
    else if (fields) rows.push({ line: record.line, fields })
  }
  await options.onProgress?.({
    phase: 'validating',
    done: records.length,
    total: records.length,
  })
  const mrns = [...firstLineByMrn].map(([mrn, line]) => ({ mrn, line }))
  return { kind: 'checked', rowCount: records.length, rows, errors, mrns }
}

/** Errors in file order: by line, then in the documented column order. */
export function sortImportErrors(errors: ImportError[]): ImportError[] {
  const order = (column: string) => COLUMN_ORDER.get(column) ?? -1
  return [...errors].sort((a, b) => a.line - b.line || order(a.column) - order(b.column))
}

function refused(message: string, errors: ImportError[] = []): CsvCheck {
  return { kind: 'refused', message, errors }
}

/**
 * Splits the text into records with the file line each starts on. Blank lines are skipped but
 * still counted, and a quoted field may span lines, so the line is counted from the text.
 */
function parseCsvLines(text: string, limit: number): CsvLine[] {
  // A spreadsheet's UTF-8 byte-order mark would otherwise stick to the first column's name.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text
  const lines: CsvLine[] = []
  let line = 1
  let cursor = 0
  Papa.parse<string[]>(body, {
    delimiter: ',',
    skipEmptyLines: false,
    step(result, parser) {
      const end = result.meta.cursor
      const record = {
        line,
        cells: result.data,
        parseErrors: result.errors.map((error) => describeParseError(error.code)),
      }
      line += countLineBreaks(body, cursor, end)
      cursor = end
      if (record.cells.every((cell) => cell.trim() === '')) return
      lines.push(record)
      // Past the limit the rest need not be read: the file is refused either way.
      if (lines.length > limit) parser.abort()
    },
  })
  return lines
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0
  for (let i = from; i < to; i++) {
    const char = text.charCodeAt(i)
    // \n, or a \r not followed by \n (a classic Mac line end); \r\n counts once.
    if (char === 10 || (char === 13 && text.charCodeAt(i + 1) !== 10)) count++
  }
  return count
}

function describeParseError(code: string): string {
  switch (code) {
    case 'MissingQuotes':
      return 'A quoted field is not closed: add the closing double quote'
    case 'InvalidQuotes':
      return 'A double quote inside a quoted field must be doubled ("")'
    default:
      return 'This line could not be read as CSV'
  }
}

function checkHeader(header: CsvLine): {
  errors: ImportError[]
  indexByName: Map<string, number>
} {
  const errors: ImportError[] = header.parseErrors.map((message) => ({
    line: header.line,
    column: '',
    message,
  }))
  const indexByName = new Map<string, number>()
  // Stray trailing commas (an empty column a spreadsheet kept) are ignored, on every line.
  const namedCells = header.cells.slice(0, lastNamedIndex(header.cells) + 1)
  namedCells.forEach((cell, index) => {
    const name = cell.trim().toLowerCase()
    if (name === '') {
      errors.push({
        line: header.line,
        column: `column ${index + 1}`,
        message: 'This column has no name: name it or remove it',
      })
    } else if (!KNOWN.has(name)) {
      errors.push({
        line: header.line,
        column: cell.trim(),
        message: 'Unknown column: rename it to a documented column or remove it',
      })
    } else if (indexByName.has(name)) {
      errors.push({
        line: header.line,
        column: name,
        message: `This column appears twice (columns ${indexByName.get(name)! + 1} and ${index + 1})`,
      })
    } else {
      indexByName.set(name, index)
    }
  })
  for (const name of REQUIRED) {
    if (!indexByName.has(name)) {
      errors.push({ line: header.line, column: name, message: 'Required column is missing' })
    }
  }
  return { errors, indexByName }
}

function lastNamedIndex(cells: string[]): number {
  for (let i = cells.length - 1; i >= 0; i--) if (cells[i]!.trim() !== '') return i
  return -1
}

function checkRecord(
  record: CsvLine,
  indexByName: ReadonlyMap<string, number>,
  options: CheckOptions,
  errors: ImportError[],
): { fields: PatientFields | null; mrn: string | null } {
  const lineError = (message: string) => errors.push({ line: record.line, column: '', message })
  if (record.parseErrors.length > 0) {
    record.parseErrors.forEach(lineError)
    return { fields: null, mrn: null }
  }
  const expected = indexByName.size
  const extra = record.cells.slice(expected)
  // Trailing empty cells (a spreadsheet's stray commas) are harmless; shifted values are not.
  if (record.cells.length < expected || extra.some((cell) => cell.trim() !== '')) {
    lineError(`This line has ${record.cells.length} fields; the header has ${expected}`)
    return { fields: null, mrn: null }
  }

  const cell = (name: ReferralColumnName) => {
    const index = indexByName.get(name)
    return index === undefined ? '' : (record.cells[index] ?? '')
  }
  const email = cell('assigned_physician_email').trim().toLowerCase()
  const physicianId = options.physicianIdByEmail.get(email)
  if (email === '') {
    errors.push({
      line: record.line,
      column: 'assigned_physician_email',
      message: "Enter the assigned physician's email",
    })
  } else if (!physicianId) {
    errors.push({
      line: record.line,
      column: 'assigned_physician_email',
      message: 'No active physician has this email',
    })
  }

  const result = patientFieldsSchema.safeParse({
    mrn: cell('mrn'),
    firstName: cell('first_name'),
    lastName: cell('last_name'),
    dateOfBirth: cell('date_of_birth'),
    // Enum values as stored; a spreadsheet's "Female" is accepted as female.
    sex: cell('sex').trim().toLowerCase(),
    phone: cell('phone'),
    referralDate: cell('referral_date'),
    referringPhysician: cell('referring_physician'),
    etiology: cell('etiology').trim().toLowerCase(),
    assignedPhysicianId: physicianId ?? UNRESOLVED_PHYSICIAN_ID,
    painOnsetDate: cell('pain_onset_date'),
  })
  if (result.success) return { fields: physicianId ? result.data : null, mrn: result.data.mrn }

  const reported = new Set<string>()
  for (const issue of result.error.issues) {
    const column = COLUMN_BY_FIELD.get(String(issue.path[0]))
    // One message per column: a malformed date need not also be called "in the future".
    if (!column || reported.has(column)) continue
    reported.add(column)
    errors.push({ line: record.line, column, message: columnMessage(column, issue.message) })
  }
  return { fields: null, mrn: reported.has('mrn') ? null : normalizedMrn(cell('mrn')) }
}

function normalizedMrn(value: string): string | null {
  const result = patientFieldsSchema.shape.mrn.safeParse(value)
  return result.success ? result.data : null
}

/** The form's wording ("Choose the sex") names a control a CSV does not have. */
function columnMessage(column: ReferralColumnName, schemaMessage: string): string {
  if (column === 'sex') return `Use one of: ${sexes.join(', ')}`
  if (column === 'etiology') return `Use one of: ${etiologies.join(', ')}`
  return schemaMessage
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0))
}
