import { NextResponse, type NextRequest } from 'next/server'
import { signOut } from '@/lib/auth'

// A plain form POST (works before hydration too). The proxy skips this path: it would
// otherwise re-issue the session cookie on the very response that clears it.
export async function POST(request: NextRequest) {
  // Refuse cross-site posts: another site must not be able to sign staff out.
  // Compared with the Host header: Next's own URL says localhost whatever name was used.
  const origin = request.headers.get('origin')
  if (origin !== null && !sameHost(origin, request.headers.get('host'))) {
    return new NextResponse('Cross-site sign-out refused', { status: 403 })
  }
  await signOut({ redirect: false })
  // Relative Location: the browser resolves it against the address it used.
  return new NextResponse(null, { status: 303, headers: { Location: '/login' } })
}

function sameHost(origin: string, host: string | null): boolean {
  // An opaque origin ("null") is never ours.
  if (!URL.canParse(origin)) return false
  return new URL(origin).host === host
}
