import type { NextRequest } from 'next/server'
import { exportCandidatesCsv } from '@/lib/patients/export'
import { parseCandidateListParams } from '@/lib/patients/list-params'
import { todayIso } from '@/lib/dates'

export async function GET(request: NextRequest) {
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
