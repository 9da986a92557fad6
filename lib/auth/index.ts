import 'server-only'
import NextAuth, { CredentialsSignin } from 'next-auth'
import Credentials from 'next-auth/providers/credentials'
import { headers } from 'next/headers'
import { z } from 'zod'
import { getDb } from '@/db/client'
import { isDemoMode } from '@/lib/env'
import { baseAuthConfig, sessionClaims } from './config'
import { checkCredentials, endSession } from './credentials'
import { clientAddressFrom } from './policy'

export class ThrottledSignIn extends CredentialsSignin {
  override code = 'throttled'
}

const credentialsInput = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1024),
})

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
          const input = credentialsInput.safeParse(raw)
          if (!input.success) return null
          const result = await checkCredentials(await getDb(), {
            ...input.data,
            clientAddress: clientAddressFrom(request.headers),
            demoMode: isDemoMode(),
          })
          if (result.ok) {
            const { id, name, email, role, sessionVersion } = result.staff
            return { id, name, email, staffId: id, role, sessionVersion }
          }
          if (result.reason === 'throttled') throw new ThrottledSignIn()
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

/** The client address of the request being served, for audit rows. */
export async function requestAddress(): Promise<string> {
  return clientAddressFrom(await headers())
}
