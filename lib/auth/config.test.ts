import { beforeAll, describe, expect, it } from 'vitest'
import type { NextAuthConfig } from 'next-auth'
import { ABSOLUTE_SESSION_SECONDS, IDLE_TIMEOUT_SECONDS } from './policy'

let config: NextAuthConfig
beforeAll(async () => {
  process.env.AUTH_SECRET = 'unit-test-secret-0123456789abcdef0123456789'
  config = (await import('./config')).baseAuthConfig()
})

type JwtArgs = Parameters<NonNullable<NonNullable<NextAuthConfig['callbacks']>['jwt']>>[0]
const jwt = (args: Partial<JwtArgs>) => config.callbacks!.jwt!(args as JwtArgs)
const now = () => Math.floor(Date.now() / 1000)

const staffUser = {
  id: '3f1e0c1a-8b9f-4c55-9a4e-0d6f1f2b3c4d',
  staffId: '3f1e0c1a-8b9f-4c55-9a4e-0d6f1f2b3c4d',
  name: 'Dr. Test',
  email: 'test@clinic.test',
  role: 'physician',
  sessionVersion: 3,
}

describe('session token', () => {
  it('lives for the idle timeout and is re-issued on use (sliding)', () => {
    expect(config.session).toMatchObject({ strategy: 'jwt', maxAge: IDLE_TIMEOUT_SECONDS })
    expect(IDLE_TIMEOUT_SECONDS).toBe(15 * 60)
  })

  it('carries staff id, role, session version and the sign-in time', async () => {
    const token = await jwt({ token: {}, user: staffUser })
    expect(token).toMatchObject({
      staffId: staffUser.id,
      role: 'physician',
      sessionVersion: 3,
      sub: staffUser.id,
    })
    expect(Math.abs((token as { authTime: number }).authTime - now())).toBeLessThanOrEqual(1)
  })

  it(`ends ${ABSOLUTE_SESSION_SECONDS / 3600} hours after sign-in however active the session is`, async () => {
    const fresh = await jwt({ token: {}, user: staffUser })
    const tokenAt = (authTime: number) => ({ ...(fresh as object), authTime })
    expect(await jwt({ token: tokenAt(now() - ABSOLUTE_SESSION_SECONDS + 60) })).not.toBeNull()
    expect(await jwt({ token: tokenAt(now() - ABSOLUTE_SESSION_SECONDS - 1) })).toBeNull()
  })

  it('never merges what a client sends to update() into the role or staff id', async () => {
    const token = await jwt({ token: {}, user: staffUser })
    const updated = await jwt({
      token: token as JwtArgs['token'],
      trigger: 'update',
      session: {
        role: 'admin',
        staffId: '00000000-0000-4000-8000-000000000000',
        user: { role: 'admin' },
      },
    })
    expect(updated).toEqual(token)
  })

  it('ends a token that lacks our claims (forged shape or an older format)', async () => {
    expect(await jwt({ token: { sub: 'x', role: 'admin' } })).toBeNull()
  })
})
