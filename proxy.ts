import NextAuth from 'next-auth'
import { NextResponse } from 'next/server'
import { baseAuthConfig } from '@/lib/auth/config'

// A convenience only: anonymous visitors go to the sign-in page. Access control is the
// data-access layer (lib/auth/session.ts), which every page, action and route handler calls.
// Passing through auth() here also re-issues the session cookie: that is the idle clock.
const { auth } = NextAuth(() => baseAuthConfig())

const PUBLIC_PATHS = ['/login', '/session-ended', '/api/auth']

export const proxy = auth((request) => {
  const { pathname, search } = request.nextUrl
  if (request.auth || PUBLIC_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`))) {
    return NextResponse.next()
  }
  const login = new URL('/login', request.nextUrl.origin)
  // Path and query only: never an absolute URL that could point off-site.
  if (pathname !== '/') login.searchParams.set('callbackUrl', `${pathname}${search}`)
  return NextResponse.redirect(login)
})

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico|icon.svg).*)'],
}
