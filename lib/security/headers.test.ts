import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, createNonce, isCrossSiteWrite, isHttps } from './headers'

const headers = (values: Record<string, string>) => new Headers(values)

describe('isCrossSiteWrite', () => {
  const host = { host: 'clinic.example:3000' }

  it('lets reads through whatever their origin', () => {
    expect(isCrossSiteWrite('GET', headers({ ...host, origin: 'https://evil.example' }))).toBe(
      false,
    )
    expect(isCrossSiteWrite('HEAD', headers({}))).toBe(false)
  })

  it('accepts a write from our own origin, by Origin or by Referer', () => {
    expect(
      isCrossSiteWrite('POST', headers({ ...host, origin: 'http://clinic.example:3000' })),
    ).toBe(false)
    expect(
      isCrossSiteWrite(
        'POST',
        headers({ ...host, referer: 'http://clinic.example:3000/candidates/new' }),
      ),
    ).toBe(false)
  })

  it('refuses a write from another site, another port, or from nowhere', () => {
    expect(isCrossSiteWrite('POST', headers({ ...host, origin: 'https://evil.example' }))).toBe(
      true,
    )
    expect(
      isCrossSiteWrite('POST', headers({ ...host, origin: 'http://clinic.example:4000' })),
    ).toBe(true)
    expect(isCrossSiteWrite('DELETE', headers({ ...host, origin: 'null' }))).toBe(true)
    expect(isCrossSiteWrite('POST', headers(host))).toBe(true)
    expect(isCrossSiteWrite('POST', headers({ ...host, origin: 'not a url' }))).toBe(true)
    // An Origin that merely contains our host is not our origin.
    expect(
      isCrossSiteWrite(
        'POST',
        headers({ ...host, origin: 'http://clinic.example:3000.evil.example' }),
      ),
    ).toBe(true)
  })

  it('compares against the host a reverse proxy forwarded', () => {
    const proxied = { host: '127.0.0.1:3000', 'x-forwarded-host': 'clinic.example' }
    expect(
      isCrossSiteWrite('POST', headers({ ...proxied, origin: 'https://clinic.example' })),
    ).toBe(false)
    expect(isCrossSiteWrite('POST', headers({ ...proxied, origin: 'http://127.0.0.1:3000' }))).toBe(
      true,
    )
  })
})

describe('contentSecurityPolicy', () => {
  it('allows scripts by nonce only, and no framing', () => {
    const policy = contentSecurityPolicy('abc123', false)
    const scriptSrc = policy.split('; ').find((d) => d.startsWith('script-src'))
    expect(scriptSrc).toBe("script-src 'self' 'nonce-abc123' 'strict-dynamic'")
    expect(policy).toContain("frame-ancestors 'none'")
    expect(contentSecurityPolicy('abc123', true)).toContain("'unsafe-eval'")
  })

  it('uses a new nonce each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, createNonce))
    expect(nonces.size).toBe(50)
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/)
  })
})

describe('isHttps', () => {
  it('trusts the forwarded protocol, else the URL', () => {
    expect(isHttps(headers({ 'x-forwarded-proto': 'https' }), 'http:')).toBe(true)
    expect(isHttps(headers({ 'x-forwarded-proto': 'http' }), 'https:')).toBe(false)
    expect(isHttps(headers({}), 'https:')).toBe(true)
    expect(isHttps(headers({}), 'http:')).toBe(false)
  })
})
