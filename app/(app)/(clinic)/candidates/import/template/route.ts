import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import { TEMPLATE_FILE_NAME } from '@/lib/import/columns'
import { referralsTemplateCsv } from '@/lib/import/template'

// The template holds no PHI, but it documents the clinic's data model: staff only.
export async function GET() {
  await requireRole(...CLINICAL_ROLES)
  return new Response(referralsTemplateCsv(), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${TEMPLATE_FILE_NAME}"`,
      'Cache-Control': 'no-store',
    },
  })
}
