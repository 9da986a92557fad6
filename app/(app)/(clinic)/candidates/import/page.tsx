import type { Metadata } from 'next'
import Link from 'next/link'
import { ColumnReference } from '@/components/import/column-reference'
import { ImportForm } from '@/components/import/import-form'
import { Page } from '@/components/ui/page'
import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import { REFERRAL_COLUMNS, TEMPLATE_FILE_NAME } from '@/lib/import/columns'
import { formatCount, MAX_IMPORT_ROWS, MAX_REPORTED_ERRORS } from '@/lib/import/protocol'

export const metadata: Metadata = { title: 'Import CSV' }

export default async function ImportCsvPage() {
  await requireRole(...CLINICAL_ROLES)
  return (
    <Page
      title="Import CSV"
      actions={
        <Link href="/candidates" className="text-sm text-brand-700 underline">
          Back to candidates
        </Link>
      }
    >
      <p className="max-w-3xl text-slate-700">
        Add up to {formatCount(MAX_IMPORT_ROWS)} referrals at once. Each row becomes a referred
        patient. The file is imported whole or not at all: if any row has a problem, nothing is
        saved and the first {MAX_REPORTED_ERRORS} problems are listed by line and column.
      </p>
      <ImportForm uploadUrl="/candidates/import/upload" listUrl="/candidates" />
      <section aria-labelledby="columns-heading" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h2 id="columns-heading" className="text-lg font-semibold">
            Columns
          </h2>
          {/* A plain link: the route handler answers with an attachment, not a page. */}
          <a
            href="/candidates/import/template"
            download={TEMPLATE_FILE_NAME}
            className="text-sm text-brand-700 underline"
          >
            Download the template
          </a>
        </div>
        <p className="max-w-3xl text-sm text-slate-600">
          The first line names the columns. Dates are YYYY-MM-DD; choices are written as shown (for
          example <code>female</code>, <code>osteoporotic</code>); a field that contains a comma is
          wrapped in double quotes. MRNs already stored or repeated in the file are reported, never
          overwritten.
        </p>
        <ColumnReference columns={REFERRAL_COLUMNS} />
      </section>
    </Page>
  )
}
