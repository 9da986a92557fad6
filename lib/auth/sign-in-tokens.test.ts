import { afterEach, describe, expect, it, vi } from 'vitest'
import { openSignInToken, sealSignInToken } from './sign-in-tokens'

const SECRET = 'a test secret that is long enough to use'
const claims = { staffId: '6f1c1b2e-3d4a-4b5c-8d6e-7f8091a2b3c4', sessionVersion: 3 }

afterEach(() => {
  vi.useRealTimers()
})

describe('sign-in tokens', () => {
  it('open to the claims they were sealed with', async () => {
    const token = await sealSignInToken('two-factor', claims, SECRET)
    expect(await openSignInToken('two-factor', token, SECRET)).toEqual(claims)
  })

  it('do not open as the other kind, under another secret, altered, or missing', async () => {
    const token = await sealSignInToken('two-factor', claims, SECRET)
    expect(await openSignInToken('renewal', token, SECRET)).toBeNull()
    expect(await openSignInToken('two-factor', token, `${SECRET}!`)).toBeNull()
    expect(await openSignInToken('two-factor', `${token.slice(0, -2)}xx`, SECRET)).toBeNull()
    expect(await openSignInToken('two-factor', undefined, SECRET)).toBeNull()
  })

  it('expire: the two-factor challenge after five minutes, a renewal after one', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-25T10:00:00Z') })
    const challenge = await sealSignInToken('two-factor', claims, SECRET)
    const renewal = await sealSignInToken('renewal', claims, SECRET)
    vi.setSystemTime(new Date('2026-11-25T10:01:30Z'))
    expect(await openSignInToken('renewal', renewal, SECRET)).toBeNull()
    expect(await openSignInToken('two-factor', challenge, SECRET)).toEqual(claims)
    vi.setSystemTime(new Date('2026-11-25T10:05:30Z'))
    expect(await openSignInToken('two-factor', challenge, SECRET)).toBeNull()
  })
})
