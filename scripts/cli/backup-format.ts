import type { DatabaseContents } from '@/db/backup'

const number = (n: number) => n.toLocaleString('en-US')

/** "25 tables, 12,345 rows (3 staff, 1,000 patients, 4,567 audit rows)". */
export function describeContents({ tables, rows, data }: DatabaseContents): string {
  return (
    `${number(tables)} tables, ${number(rows)} rows ` +
    `(${number(data.staff)} staff, ${number(data.patients)} patients, ${number(data.auditRows)} audit rows)`
  )
}

export const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`

export const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`
