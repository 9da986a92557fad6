import 'server-only'
import NextAuth, { CredentialsSignin } from 'next-auth'
import Credentials from 'next-auth/providers/credentials'
import { cookies, headers } from 'next/headers'
import { z } from 'zod'
import { getDb } from '@/db/client'
import { authSecret, isDemoMode, trustedProxies } from '@/lib/env'
import { safeText } from '@/lib/form-fields'
import { isHttps } from '@/lib/security/headers'
import { baseAuthConfig, sessionClaims } from './config'
import {
  checkCredentials,
  checkRenewal,
  checkSecondFactor,
  endSession,
  type CredentialCheck,
} from './credentials'
import { clientAddressFrom } from './client-address'
import {
  openSignInToken,
  sealSignInToken,
  TWO_FACTOR_CHALLENGE_SECONDS,
  TWO_FACTOR_COOKIE,
  type SignInTokenClaims,
} from './sign-in-tokens'

export class ThrottledSignIn extends CredentialsSignin {
  override code = 'throttled'
}

/** The password was right; the browser now holds the challenge cookie and must send a code. */
export class TwoFactorRequired extends CredentialsSignin {
  override code = 'two_factor'
}

// What may sign a member in: a password; a code with the challenge cookie; a renewal token
// minted by this server. Anything else is refused before the database is asked.
const credentialsInput = z.union([
  z.object({ renewal: z.string().min(1).max(4096) }),
  z.object({ code: z.string().trim().min(1).max(64) }),
  z.object({ email: safeText().min(1).max(254), password: z.string().min(1).max(1024) }),
])

async function checkSignIn(raw: unknown, request: Request): Promise<CredentialCheck | null> {
  const input = credentialsInput.safeParse(raw)
  if (!input.success) return null
  const db = await getDb()
  const context = {
    clientAddress: clientAddressFrom(request.headers, trustedProxies()),
    demoMode: isDemoMode(),
  }
  if ('renewal' in input.data) {
    const claims = await openSignInToken('renewal', input.data.renewal, authSecret())
    return claims ? checkRenewal(db, claims, context.demoMode) : null
  }
  const jar = await cookies()
  if ('code' in input.data) {
    const challenge = await openSignInToken(
      'two-factor',
      jar.get(TWO_FACTOR_COOKIE)?.value,
      authSecret(),
    )
    if (!challenge) return null
    const result = await checkSecondFactor(db, { ...context, challenge, code: input.data.code })
    if (result.ok) jar.delete(TWO_FACTOR_COOKIE)
    return result
  }
  const result = await checkCredentials(db, { ...context, ...input.data })
  if (!result.ok && result.reason === 'two_factor_required') {
    jar.set(
      TWO_FACTOR_COOKIE,
      await sealSignInToken('two-factor', result.challenge, authSecret()),
      {
        httpOnly: true,
        sameSite: 'lax',
        secure: isHttps(request.headers, new URL(request.url).protocol),
        path: '/',
        maxAge: TWO_FACTOR_CHALLENGE_SECONDS,
      },
    )
  }
  return result
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => {
  const base = baseAuthConfig()
  return {
    ...base,
    logger: {
      // A refused sign-in is routine (and audited); anything else is worth a log line.
      error(error) {
        if (error instanceof CredentialsSignin) return
        console.error('[auth]', error)
      },
    },
    providers: [
      Credentials({
        credentials: {
          email: { label: 'Email' },
          password: { label: 'Password', type: 'password' },
        },
        // Lockout and throttling live here, so they hold for every path that signs in.
        async authorize(raw, request) {
          const result = await checkSignIn(raw, request)
          if (result?.ok) {
            const { id, name, email, role, sessionVersion } = result.staff
            return { id, name, email, staffId: id, role, sessionVersion }
          }
          if (result?.reason === 'throttled') throw new ThrottledSignIn()
          if (result?.reason === 'two_factor_required') throw new TwoFactorRequired()
          return null
        },
      }),
    ],
    events: {
      async signOut(message) {
        const token = 'token' in message ? message.token : null
        const claims = sessionClaims.safeParse(token)
        if (!claims.success) return
        await endSession(await getDb(), claims.data, {
          actorEmail: typeof token?.email === 'string' ? token.email : null,
          ipAddress: await requestAddress(),
        })
      },
    },
  }
})

/**
 * Signs this browser in again after the member's own change (password, two-factor) ended every
 * session of theirs; `claims` is the session version that change produced. False when the
 * account may no longer sign in (the member stays signed out).
 */
export async function renewSession(claims: SignInTokenClaims): Promise<boolean> {
  const renewal = await sealSignInToken('renewal', claims, authSecret())
  return signIn('credentials', { renewal, redirect: false }).then(
    () => true,
    () => false,
  )
}

/** The client address of the request being served, for audit rows. */
export async function requestAddress(): Promise<string> {
  return clientAddressFrom(await headers(), trustedProxies())
}
