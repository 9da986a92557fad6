import type { NextAuthConfig } from 'next-auth'
import { z } from 'zod'
import { staffRoles } from '@/db/schema'
import { authSecret } from '@/lib/env'
import { ABSOLUTE_SESSION_SECONDS, IDLE_TIMEOUT_SECONDS } from './policy'

// What our token must carry; anything else (or a token from an older shape) ends the session.
export const sessionClaims = z.object({
  staffId: z.uuid(),
  role: z.enum(staffRoles),
  sessionVersion: z.number().int(),
  authTime: z.number().int(),
})
export type SessionClaims = z.infer<typeof sessionClaims>

const nowSeconds = () => Math.floor(Date.now() / 1000)

/**
 * The part of the Auth.js configuration with no database access, shared by the proxy and the
 * full configuration. The JWT lives for the idle timeout and is re-issued on every request
 * through the proxy, so 15 quiet minutes end it; `authTime` bounds it absolutely at 12 hours.
 */
export function baseAuthConfig(): NextAuthConfig {
  return {
    secret: authSecret(),
    trustHost: true,
    session: { strategy: 'jwt', maxAge: IDLE_TIMEOUT_SECONDS },
    jwt: { maxAge: IDLE_TIMEOUT_SECONDS },
    pages: { signIn: '/login', error: '/login' },
    providers: [],
    callbacks: {
      jwt({ token, user }) {
        if (user) {
          // Sign-in: `user` is what authorize() returned, built from the database row.
          const claims = user as unknown as Omit<SessionClaims, 'authTime'> & {
            name: string
            email: string
          }
          return {
            sub: claims.staffId,
            name: claims.name,
            email: claims.email,
            staffId: claims.staffId,
            role: claims.role,
            sessionVersion: claims.sessionVersion,
            authTime: nowSeconds(),
          }
        }
        // Every other call, including trigger 'update': the client's payload is never merged.
        const claims = sessionClaims.safeParse(token)
        if (!claims.success) return null
        if (nowSeconds() - claims.data.authTime > ABSOLUTE_SESSION_SECONDS) return null
        return token
      },
      session({ session, token }) {
        const claims = sessionClaims.parse(token)
        return {
          ...session,
          user: { ...session.user, id: claims.staffId },
          claims,
        }
      },
    },
  }
}
