import Papa from 'papaparse'
import { REFERRAL_COLUMNS } from './columns'

/** The header row and one example row, CRLF-terminated as RFC 4180 and spreadsheets expect. */
export function referralsTemplateCsv(): string {
  const csv = Papa.unparse(
    {
      fields: REFERRAL_COLUMNS.map((column) => column.name),
      data: [REFERRAL_COLUMNS.map((column) => column.example)],
    },
    { newline: '\r\n' },
  )
  return `${csv}\r\n`
}
