import { connection } from 'next/server'
import { checkDatabaseHealth } from '@/lib/health'

// Public (no session, for load balancers and monitors): up or down, the backend's kind and
// one round trip's latency. Never a connection string, host, version or patient data.
export async function GET() {
  // Answered at request time, never prerendered at build.
  await connection()
  const database = await checkDatabaseHealth()
  return Response.json(
    { status: database.ok ? 'ok' : 'unavailable', database },
    { status: database.ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } },
  )
}
