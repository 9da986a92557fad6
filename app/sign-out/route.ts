import { NextResponse, type NextRequest } from 'next/server'
import { signOut } from '@/lib/auth'

// A plain form POST (works before hydration too). The proxy skips this path: it would
// otherwise re-issue the session cookie on the very response that clears it.
export async function POST(request: NextRequest) {
  // Refuse cross-site posts: another site must not be able to sign staff out.
  const origin = request.headers.get('origin')
  if (origin && origin !== request.nextUrl.origin) {
    return new NextResponse('Cross-site sign-out refused', { status: 403 })
  }
  await signOut({ redirect: false })
  return NextResponse.redirect(new URL('/login', request.nextUrl.origin), 303)
}
