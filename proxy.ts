import NextAuth from 'next-auth'
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server'
import { baseAuthConfig } from '@/lib/auth/config'

// A convenience only: anonymous visitors go to the sign-in page. Access control is the
// data-access layer (lib/auth/session.ts), which every page, action and route handler calls.
// Passing through auth() here also re-issues the session cookie: that is the idle clock.
const { auth } = NextAuth(() => baseAuthConfig())

const PUBLIC_PATHS = ['/login']

const redirectAnonymous = auth((request) => {
  const { pathname, search } = request.nextUrl
  if (
    request.auth ||
    PUBLIC_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`))
  ) {
    return NextResponse.next()
  }
  const login = new URL('/login', request.nextUrl.origin)
  // Path and query only: never an absolute URL that could point off-site.
  if (pathname !== '/') login.searchParams.set('callbackUrl', `${pathname}${search}`)
  return NextResponse.redirect(login)
})

// Next looks for a function named `proxy`. With a lazy config, Auth.js's wrapper resolves
// asynchronously (its types say otherwise), and it types the second argument for route
// handlers, which the proxy never is.
export async function proxy(request: NextRequest, event: NextFetchEvent) {
  const handler = await (redirectAnonymous as unknown as Promise<typeof redirectAnonymous>)
  return handler(request, event as unknown as Parameters<typeof redirectAnonymous>[1])
}

export const config = {
  // Auth.js's own routes, sign-out and session-ended clear the session cookie: a refreshed
  // cookie from the proxy on the same response would undo that.
  matcher: [
    '/((?!_next/static|_next/image|favicon.ico|icon.svg|api/auth|sign-out|session-ended).*)',
  ],
}
