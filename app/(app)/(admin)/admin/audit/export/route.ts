import type { NextRequest } from 'next/server'
import { exportAuditLogCsv } from '@/lib/audit-log/export'
import { auditFiltersOf, parseAuditLogParams } from '@/lib/audit-log/params'
import { requireRole } from '@/lib/auth/session'
import { todayIso } from '@/lib/dates'
import { exportRateLimited } from '@/lib/security/member-rate-limit'

export async function GET(request: NextRequest) {
  // Deny by default: the role is checked before anything in the request is read.
  const me = await requireRole('admin')
  const limited = exportRateLimited(me.id, 'audit')
  if (limited) return limited
  const params = parseAuditLogParams(Object.fromEntries(request.nextUrl.searchParams))
  const body = await exportAuditLogCsv(auditFiltersOf(params))
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-log-${todayIso()}.csv"`,
      // Who did what to which patient: never cached by the browser or a proxy.
      'Cache-Control': 'no-store',
    },
  })
}
