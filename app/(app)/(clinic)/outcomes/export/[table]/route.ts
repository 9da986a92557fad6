import type { NextRequest } from 'next/server'
import { requireStaff } from '@/lib/auth/session'
import { todayIso } from '@/lib/dates'
import { exportOutcomeTableCsv } from '@/lib/outcomes/dashboard'
import { parseOutcomeParams } from '@/lib/outcomes/params'
import { exportRateLimited } from '@/lib/security/member-rate-limit'

export async function GET(
  request: NextRequest,
  { params }: { params: Promise<{ table: string }> },
) {
  // Anonymous visitors go to sign in before anything is counted or read.
  const me = await requireStaff()
  const limited = exportRateLimited(me.id, 'outcomes')
  if (limited) return limited
  const { table } = await params
  const filters = parseOutcomeParams(Object.fromEntries(request.nextUrl.searchParams))
  const body = await exportOutcomeTableCsv(table, filters)
  if (body === null) return new Response('Not found', { status: 404 })
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      // The id is one of the known tables by now, safe in a header.
      'Content-Disposition': `attachment; filename="outcomes-${table}-${todayIso()}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}
