import NextAuth from 'next-auth'
import { NextRequest, NextResponse, type NextFetchEvent } from 'next/server'
import { baseAuthConfig } from '@/lib/auth/config'
import { isWellFormedActionBody, NEXT_ACTION_HEADER } from '@/lib/security/action-body'
import { bodyRefusal, requestLineRefusal } from '@/lib/security/request-guard'
import {
  contentSecurityPolicy,
  createNonce,
  isCrossSiteWrite,
  isHttps,
  STRICT_TRANSPORT_SECURITY,
} from '@/lib/security/headers'
import { REQUEST_ROUTE_HEADER, requestRouteOf } from '@/lib/security/request-route'

// Three jobs on every request: refuse cross-site writes and requests no browser of ours sends
// (other methods, NUL bytes, bodies over 1 MB, malformed server action bodies),
// give each response its CSP nonce, and send anonymous visitors to the sign-in page. The last
// is a convenience only: access control is the data-access layer (lib/auth/session.ts), which
// every page, action and route handler calls. Passing through auth() also re-issues the session cookie: that is the idle clock.
const { auth } = NextAuth(() => baseAuthConfig())

// /enrol/<token>: a new member sets their password there before they can sign in.
const PUBLIC_PATHS = ['/login', '/enrol']
// Auth.js's own routes, sign-out and session-ended clear the session cookie: a refreshed
// cookie from auth() on the same response would undo that.
const SESSION_ROUTES = /^\/(api\/auth|sign-out|session-ended)(\/|$)/
// Public, and it sets no cookie: monitors probe it without a session (it shows no data).
const HEALTH_PATH = '/api/health'

const redirectAnonymous = auth((request) => {
  const { pathname, search } = request.nextUrl
  if (
    request.auth ||
    PUBLIC_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`))
  ) {
    // Forwards the request headers, with the CSP that tells Next which nonce to stamp.
    return NextResponse.next({ request: { headers: request.headers } })
  }
  const login = new URL('/login', request.nextUrl.origin)
  // Path and query only: never an absolute URL that could point off-site.
  if (pathname !== '/') login.searchParams.set('callbackUrl', `${pathname}${search}`)
  return NextResponse.redirect(login)
})

const development = process.env.NODE_ENV !== 'production'

// Next looks for a function named `proxy`. With a lazy config, Auth.js's wrapper resolves
// asynchronously (its types say otherwise), and it types the second argument for route
// handlers, which the proxy never is.
export async function proxy(request: NextRequest, event: NextFetchEvent) {
  const refusal =
    requestLineRefusal(request.method, request.url, request.headers.get('content-length')) ??
    (request.method === 'POST'
      ? await bodyRefusal(request.clone(), request.nextUrl.pathname)
      : null)
  if (refusal) {
    return new NextResponse(refusal.message, { status: refusal.status, headers: refusal.headers })
  }
  if (isCrossSiteWrite(request.method, request.headers)) {
    return new NextResponse('Cross-site request refused', { status: 403 })
  }
  if (
    request.method === 'POST' &&
    request.headers.has(NEXT_ACTION_HEADER) &&
    !(await isWellFormedActionBody(request.clone()))
  ) {
    return new NextResponse('Malformed server action request', { status: 400 })
  }
  const policy = contentSecurityPolicy(createNonce(), development)
  const headers = new Headers(request.headers)
  headers.set('content-security-policy', policy)
  // For the audit row of a refusal; set here, so a client cannot choose what it says.
  headers.set(REQUEST_ROUTE_HEADER, requestRouteOf(request.method, request.nextUrl.pathname))

  let response: Response
  if (SESSION_ROUTES.test(request.nextUrl.pathname) || request.nextUrl.pathname === HEALTH_PATH) {
    response = NextResponse.next({ request: { headers } })
  } else {
    const handler = await (redirectAnonymous as unknown as Promise<typeof redirectAnonymous>)
    response =
      (await handler(
        new NextRequest(request, { headers }),
        event as unknown as Parameters<typeof redirectAnonymous>[1],
      )) ?? NextResponse.next({ request: { headers } })
  }
  response.headers.set('Content-Security-Policy', policy)
  if (isHttps(request.headers, request.nextUrl.protocol)) {
    response.headers.set('Strict-Transport-Security', STRICT_TRANSPORT_SECURITY)
  }
  return response
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg).*)'],
}
