import type { SessionClaims } from '@/lib/auth/config'

/**
 * Integration tests fake only what the session cookie says. Every check behind it (the staff
 * row, role, version) reads the real database. Use with:
 *   vi.mock('@/lib/auth', () => fakeAuthModule)
 */
export const fakeSession = { claims: null as SessionClaims | null, address: '203.0.113.7' }

export const fakeAuthModule = {
  auth: async () => (fakeSession.claims ? { claims: fakeSession.claims } : null),
  requestAddress: async () => fakeSession.address,
}

export function signInAs(
  member: { id: string; role: SessionClaims['role']; sessionVersion: number } | null,
) {
  fakeSession.claims = member && {
    staffId: member.id,
    role: member.role,
    sessionVersion: member.sessionVersion,
    authTime: Math.floor(Date.now() / 1000),
  }
}

/** What a call did: "allowed", or what Next's redirect()/forbidden()/notFound() threw. */
export async function outcomeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run()
    return 'allowed'
  } catch (error) {
    const digest = String((error as { digest?: string }).digest ?? '')
    if (digest.startsWith('NEXT_REDIRECT')) return `redirect:${digest.split(';')[2]}`
    if (digest.startsWith('NEXT_HTTP_ERROR_FALLBACK')) return `http:${digest.split(';')[1]}`
    throw error
  }
}
