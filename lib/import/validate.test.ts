import { format, subYears } from 'date-fns'
import { describe, expect, it } from 'vitest'
import { REFERRAL_COLUMNS } from './columns'
import type { ImportProgress } from './protocol'
import { referralsTemplateCsv } from './template'
import { checkReferralsCsv, sortImportErrors, type CsvCheck } from './validate'

const PHYSICIAN_ID = '3f1e0c1a-8b9f-4c55-9a4e-0d6f1f2b3c4d'
const physicianIdByEmail = new Map([['physician@example.org', PHYSICIAN_ID]])

const HEADER = REFERRAL_COLUMNS.map((column) => column.name).join(',')
const yearsAgo = (years: number) => format(subYears(new Date(), years), 'yyyy-MM-dd')
const tomorrow = format(new Date(Date.now() + 86_400_000), 'yyyy-MM-dd')

type Row = Record<(typeof REFERRAL_COLUMNS)[number]['name'], string>
const validRow = (overrides: Partial<Row> = {}): Row => ({
  mrn: 'AB1234',
  first_name: 'Ada',
  last_name: 'Lovelace',
  date_of_birth: yearsAgo(80),
  sex: 'female',
  phone: '555-0100',
  referral_date: yearsAgo(0),
  referring_physician: 'Dr. Babbage',
  etiology: 'osteoporotic',
  assigned_physician_email: 'physician@example.org',
  pain_onset_date: '',
  ...overrides,
})
const line = (row: Row) => REFERRAL_COLUMNS.map((column) => row[column.name]).join(',')
const csv = (...rows: Row[]) => [HEADER, ...rows.map(line)].join('\n')
const rowsWithMrns = (...mrns: string[]) => mrns.map((mrn) => validRow({ mrn }))

const check = (text: string, maxRows?: number) =>
  checkReferralsCsv(text, { physicianIdByEmail, maxRows })

function expectChecked(result: CsvCheck) {
  if (result.kind !== 'checked') throw new Error(`refused: ${result.message}`)
  return result
}
function expectRefused(result: CsvCheck) {
  if (result.kind !== 'refused') throw new Error('expected the file to be refused')
  return result
}
const errorsOf = async (text: string) => expectChecked(await check(text)).errors

describe('checkReferralsCsv: a valid file', () => {
  it('maps every column to the patient fields, with the line each row came from', async () => {
    const result = expectChecked(
      await check(csv(validRow(), validRow({ mrn: 'cd5678', sex: 'Male', phone: '' }))),
    )
    expect(result.errors).toEqual([])
    expect(result.rowCount).toBe(2)
    expect(result.rows).toEqual([
      {
        line: 2,
        fields: {
          mrn: 'AB1234',
          firstName: 'Ada',
          lastName: 'Lovelace',
          dateOfBirth: yearsAgo(80),
          sex: 'female',
          phone: '555-0100',
          referralDate: yearsAgo(0),
          referringPhysician: 'Dr. Babbage',
          etiology: 'osteoporotic',
          assignedPhysicianId: PHYSICIAN_ID,
          painOnsetDate: null,
        },
      },
      // MRN upper-cased as the schema stores it; a spreadsheet's "Male" read as male.
      expect.objectContaining({
        line: 3,
        fields: expect.objectContaining({ mrn: 'CD5678', sex: 'male', phone: null }),
      }),
    ])
  })

  it('accepts the columns in any order, any case, and without the optional ones', async () => {
    const text = [
      'ETIOLOGY, Mrn ,first_name,last_name,date_of_birth,sex,referral_date,referring_physician,assigned_physician_email',
      `osteoporotic,ab1234,Ada,Lovelace,${yearsAgo(70)},female,${yearsAgo(0)},Dr. B,Physician@Example.org`,
    ].join('\n')
    const result = expectChecked(await check(text))
    expect(result.errors).toEqual([])
    expect(result.rows[0]?.fields).toMatchObject({
      mrn: 'AB1234',
      etiology: 'osteoporotic',
      phone: null,
      painOnsetDate: null,
      assignedPhysicianId: PHYSICIAN_ID,
    })
  })

  it('validates the downloadable template as it is', async () => {
    const result = expectChecked(await check(referralsTemplateCsv()))
    expect(result.errors).toEqual([])
    expect(result.rows).toHaveLength(1)
  })

  it('reports progress up to the row count', async () => {
    const seen: ImportProgress[] = []
    const mrns = Array.from({ length: 2_500 }, (_, i) => `MRN${String(i).padStart(5, '0')}`)
    await checkReferralsCsv(csv(...rowsWithMrns(...mrns)), {
      physicianIdByEmail,
      onProgress: (progress) => {
        seen.push(progress)
      },
    })
    expect(seen).toEqual([
      { phase: 'validating', done: 0, total: 2_500 },
      { phase: 'validating', done: 1_000, total: 2_500 },
      { phase: 'validating', done: 2_000, total: 2_500 },
      { phase: 'validating', done: 2_500, total: 2_500 },
    ])
  })
})

describe('checkReferralsCsv: the header', () => {
  it('reports unknown, repeated and missing required columns up front, rows unchecked', async () => {
    const text = [
      'mrn,first_name,last_name,dob,sex,sex,referral_date,referring_physician,etiology,notes',
      'not checked,,,,,,,,,',
    ].join('\n')
    const result = expectRefused(await check(text))
    expect(result.message).toMatch(/header row/)
    expect(sortImportErrors(result.errors)).toEqual([
      { line: 1, column: 'dob', message: expect.stringMatching(/^Unknown column/) },
      { line: 1, column: 'notes', message: expect.stringMatching(/^Unknown column/) },
      { line: 1, column: 'date_of_birth', message: 'Required column is missing' },
      {
        line: 1,
        column: 'sex',
        message: 'This column appears twice (columns 5 and 6)',
      },
      { line: 1, column: 'assigned_physician_email', message: 'Required column is missing' },
    ])
  })

  it('reports a column with no name, but ignores trailing empty ones', async () => {
    const unnamed = expectRefused(await check(`mrn,,${HEADER.slice(4)}\n`))
    expect(unnamed.errors).toEqual([
      { line: 1, column: 'column 2', message: 'This column has no name: name it or remove it' },
    ])
    const trailing = expectChecked(await check(`${HEADER},,\n${line(validRow())},,`))
    expect(trailing.errors).toEqual([])
  })

  it('reads the header on the first line that is not blank, and names that line', async () => {
    const result = expectRefused(await check(`\r\n\r\n${HEADER.replace(',etiology', '')}\r\n`))
    expect(result.errors).toEqual([
      { line: 3, column: 'etiology', message: 'Required column is missing' },
    ])
  })

  it('refuses an empty file and a file with only the header', async () => {
    expect(expectRefused(await check('')).message).toMatch(/empty/)
    expect(expectRefused(await check(`${HEADER}\r\n\r\n`)).message).toMatch(/no rows/)
  })

  it('refuses a file over the row limit', async () => {
    const result = expectRefused(await check(csv(...rowsWithMrns('AAAA1', 'AAAA2', 'AAAA3')), 2))
    expect(result.message).toBe('The file has more than 2 rows. Split it into smaller files.')
  })
})

describe('checkReferralsCsv: row errors', () => {
  it.each([
    ['mrn', { mrn: 'A-1' }, 'MRN is 4–20 letters or digits'],
    ['first_name', { first_name: ' ' }, 'Enter the first name'],
    ['last_name', { last_name: '' }, 'Enter the last name'],
    ['date_of_birth', { date_of_birth: '14/03/1948' }, /as a date \(YYYY-MM-DD\)/],
    ['date_of_birth', { date_of_birth: yearsAgo(17) }, 'Age must be between 18 and 110'],
    ['sex', { sex: 'f' }, 'Use one of: female, male, other, unknown'],
    ['phone', { phone: 'call me' }, 'Enter digits, spaces and + ( ) - only'],
    ['referral_date', { referral_date: tomorrow }, 'The referral date cannot be in the future'],
    ['referring_physician', { referring_physician: '' }, 'Enter the referring physician'],
    ['etiology', { etiology: 'osteoporosis' }, /^Use one of: osteoporotic, /],
    [
      'assigned_physician_email',
      { assigned_physician_email: 'someone@example.org' },
      'No active physician has this email',
    ],
    [
      'assigned_physician_email',
      { assigned_physician_email: '' },
      "Enter the assigned physician's email",
    ],
    ['pain_onset_date', { pain_onset_date: '2024-02-30' }, /pain onset as a date/],
  ])('reports %s on its line and column (%o)', async (column, change, message) => {
    const errors = await errorsOf(csv(validRow({ mrn: 'FIRST1' }), validRow(change)))
    const expected = typeof message === 'string' ? message : expect.stringMatching(message)
    expect(errors).toEqual([{ line: 3, column, message: expected }])
  })

  it('reports one message per column, and every column of every row', async () => {
    const errors = await errorsOf(
      csv(
        validRow({ mrn: 'GOOD01' }),
        validRow({ date_of_birth: 'soon', sex: '', etiology: '' }),
        validRow({ mrn: 'x', assigned_physician_email: 'nobody@example.org' }),
      ),
    )
    expect(errors.map(({ line, column }) => `${line}:${column}`)).toEqual([
      '3:date_of_birth',
      '3:sex',
      '3:etiology',
      '4:assigned_physician_email',
      '4:mrn',
    ])
    expect(sortImportErrors(errors).map(({ line, column }) => `${line}:${column}`)).toEqual([
      '3:date_of_birth',
      '3:sex',
      '3:etiology',
      '4:mrn',
      '4:assigned_physician_email',
    ])
  })

  it('reports a line with too few or too many fields as a whole', async () => {
    const text = [HEADER, line(validRow()), 'AB9999,Ada,Lovelace', `${line(validRow())},extra`]
    const errors = await errorsOf(text.join('\n'))
    expect(errors).toEqual([
      { line: 3, column: '', message: 'This line has 3 fields; the header has 11' },
      { line: 4, column: '', message: 'This line has 12 fields; the header has 11' },
    ])
  })

  it('reports an unclosed quote on the line it starts', async () => {
    const text = `${HEADER}\n${line(validRow())}\n${line(validRow({ mrn: 'ZZ9999', first_name: '"Ada' }))}`
    const errors = await errorsOf(text)
    expect(errors).toEqual([
      {
        line: 3,
        column: '',
        message: 'A quoted field is not closed: add the closing double quote',
      },
    ])
  })
})

describe('checkReferralsCsv: MRNs repeated in the file', () => {
  it('reports each repeat, naming the line of the first, whatever the case', async () => {
    const result = expectChecked(
      await check(csv(...rowsWithMrns('AB1234', 'CD5678', 'ab1234', 'AB1234'))),
    )
    expect(result.errors).toEqual([
      { line: 4, column: 'mrn', message: 'MRN AB1234 is already on line 2 of this file' },
      { line: 5, column: 'mrn', message: 'MRN AB1234 is already on line 2 of this file' },
    ])
    expect(result.rows.map((row) => row.line)).toEqual([2, 3])
    // Each MRN once, at its first line, for the stored-MRN lookup.
    expect(result.mrns).toEqual([
      { mrn: 'AB1234', line: 2 },
      { mrn: 'CD5678', line: 3 },
    ])
  })

  it('reports a repeat even when the first line has other errors', async () => {
    const errors = await errorsOf(
      csv(validRow({ mrn: 'AB1234', sex: 'x' }), validRow({ mrn: 'AB1234' })),
    )
    expect(errors.map(({ line, column }) => `${line}:${column}`)).toEqual(['2:sex', '3:mrn'])
  })
})

describe('checkReferralsCsv: file encodings and quoting', () => {
  it('reads a BOM-prefixed CRLF file, counting blank lines in the line numbers', async () => {
    const text = `\uFEFF${HEADER}\r\n${line(validRow())}\r\n\r\n${line(validRow({ mrn: 'A-1' }))}\r\n`
    const result = expectChecked(await check(text))
    expect(result.rowCount).toBe(2)
    expect(result.rows.map((row) => row.line)).toEqual([2])
    expect(result.errors).toEqual([
      { line: 4, column: 'mrn', message: 'MRN is 4–20 letters or digits' },
    ])
  })

  it('reads quoted fields with commas, quotes and line breaks, and counts lines from the file', async () => {
    const quoted = validRow({
      mrn: 'QQ1234',
      referring_physician: '"Hopper, Grace ""Amazing"" (Navy)"',
      last_name: '"Lovelace\r\nKing"',
    })
    const text = [
      HEADER,
      line(validRow({ mrn: 'QQ1233', referring_physician: quoted.referring_physician })),
      line(quoted),
      line(validRow({ mrn: '!' })),
    ].join('\r\n')
    const result = expectChecked(await check(text))
    expect(result.rows[0]?.fields).toMatchObject({
      referringPhysician: 'Hopper, Grace "Amazing" (Navy)',
    })
    // A name is one line: the quoted line break is read, then refused; it puts the next row
    // on line 5 of the file.
    expect(result.errors).toEqual([
      {
        line: 3,
        column: 'last_name',
        message: 'Keep this to one line: remove the line breaks and tabs',
      },
      { line: 5, column: 'mrn', message: 'MRN is 4–20 letters or digits' },
    ])
  })

  it('skips lines of empty fields a spreadsheet leaves at the end', async () => {
    const text = `${HEADER}\n${line(validRow())}\n,,,,,,,,,,\n\n`
    const result = expectChecked(await check(text))
    expect(result.rowCount).toBe(1)
    expect(result.errors).toEqual([])
  })
})

describe('checkReferralsCsv: characters no spreadsheet should hold', () => {
  it('refuses a NUL, another control or a bidi override in any cell, naming the column', async () => {
    const errors = await errorsOf(
      csv(
        validRow({ mrn: 'NUL0001', last_name: 'Love\u0000lace' }),
        validRow({ mrn: 'BIDI0002', referring_physician: 'Dr. \u202EBabbage' }),
        validRow({ mrn: 'BEL0003', first_name: 'Ada\u0007' }),
      ),
    )
    expect(errors).toEqual([
      {
        line: 2,
        column: 'last_name',
        message: 'Remove the invisible control characters from this text',
      },
      {
        line: 3,
        column: 'referring_physician',
        message: 'Remove the hidden text-direction characters from this text',
      },
      {
        line: 4,
        column: 'first_name',
        message: 'Remove the invisible control characters from this text',
      },
    ])
  })
})
