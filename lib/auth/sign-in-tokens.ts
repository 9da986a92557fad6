import { decode, encode } from 'next-auth/jwt'
import { z } from 'zod'

// Short-lived, encrypted tokens that let Auth.js's credentials provider sign a member in without
// a password, each for one narrow purpose. Each kind has its own salt, so neither reads as the
// other or as a session token, and each carries the session version, so a reset, deactivation
// or role change in between voids it.
//  - 'two-factor': the password was right, the code is still due (an HttpOnly cookie, 5 minutes).
//  - 'renewal': the member just changed a sign-in secret, which ended every session of theirs;
//    this browser's session is issued again (server side only, never sent to the client).

const KINDS = {
  'two-factor': { salt: 'augment.two-factor-challenge', seconds: 5 * 60 },
  renewal: { salt: 'augment.session-renewal', seconds: 60 },
} as const
export type SignInTokenKind = keyof typeof KINDS

export const TWO_FACTOR_COOKIE = 'augment.two-factor'
export const TWO_FACTOR_CHALLENGE_SECONDS = KINDS['two-factor'].seconds

const tokenClaims = z.object({ staffId: z.uuid(), sessionVersion: z.number().int() })
export type SignInTokenClaims = z.infer<typeof tokenClaims>

export async function sealSignInToken(
  kind: SignInTokenKind,
  claims: SignInTokenClaims,
  secret: string,
): Promise<string> {
  const { salt, seconds } = KINDS[kind]
  return encode({ token: claims, secret, salt, maxAge: seconds })
}

/** The claims, or null when the token is missing, expired, altered, of another kind or secret. */
export async function openSignInToken(
  kind: SignInTokenKind,
  token: string | undefined,
  secret: string,
): Promise<SignInTokenClaims | null> {
  if (!token) return null
  try {
    const parsed = tokenClaims.safeParse(await decode({ token, secret, salt: KINDS[kind].salt }))
    return parsed.success ? parsed.data : null
  } catch {
    return null
  }
}
