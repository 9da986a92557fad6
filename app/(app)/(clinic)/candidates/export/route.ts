import type { NextRequest } from 'next/server'
import { exportCandidatesCsv } from '@/lib/candidates/export'
import { parseCandidateListParams } from '@/lib/candidates/list-params'
import { requireStaff } from '@/lib/auth/session'
import { todayIso } from '@/lib/dates'
import { exportRateLimited } from '@/lib/security/member-rate-limit'

export async function GET(request: NextRequest) {
  // Anonymous visitors go to sign in before anything is counted or read.
  const me = await requireStaff()
  const limited = exportRateLimited(me.id, 'candidates')
  if (limited) return limited
  const params = parseCandidateListParams(Object.fromEntries(request.nextUrl.searchParams))
  const body = await exportCandidatesCsv(params)
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="candidates-${todayIso()}.csv"`,
      // PHI: never cached by the browser or a proxy.
      'Cache-Control': 'no-store',
    },
  })
}
