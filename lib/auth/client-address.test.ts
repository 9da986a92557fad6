import { describe, expect, it } from 'vitest'
import {
  clientAddressFrom,
  normalizeAddress,
  SOCKET_ADDRESS_HEADER,
  TrustedProxies,
} from './client-address'

const request = (socket: string | null, forwardedFor?: string) => {
  const headers = new Headers()
  if (socket !== null) headers.set(SOCKET_ADDRESS_HEADER, socket)
  if (forwardedFor !== undefined) headers.set('x-forwarded-for', forwardedFor)
  return headers
}

describe('normalizeAddress', () => {
  it('writes IPv4-mapped IPv6 as IPv4 and IPv6 in its short lower-case form', () => {
    expect(normalizeAddress('::ffff:127.0.0.1')).toBe('127.0.0.1')
    expect(normalizeAddress('::FFFF:203.0.113.9')).toBe('203.0.113.9')
    expect(normalizeAddress(' 2001:DB8:0:0:0:0:0:1 ')).toBe('2001:db8::1')
    expect(normalizeAddress('[2001:db8::1]')).toBe('2001:db8::1')
    expect(normalizeAddress('fe80::1%eth0')).toBe('fe80::1')
  })

  it('refuses what is no address', () => {
    for (const value of ['', 'unknown', '203.0.113.9:443', '1.2.3', '<script>', null, undefined])
      expect(normalizeAddress(value), String(value)).toBeNull()
  })
})

describe('TrustedProxies', () => {
  it('matches addresses and CIDR ranges of both families, mapped IPv4 included', () => {
    const trusted = new TrustedProxies(' 10.0.0.0/8, 192.0.2.7 ,2001:db8:1::/48,::1')
    expect(trusted.has('10.20.30.40')).toBe(true)
    expect(trusted.has('192.0.2.7')).toBe(true)
    expect(trusted.has('192.0.2.8')).toBe(false)
    expect(trusted.has('2001:db8:1:ffff::1')).toBe(true)
    expect(trusted.has('2001:db8:2::1')).toBe(false)
    expect(trusted.has('::1')).toBe(true)
    expect(clientAddressFrom(request('::ffff:10.1.1.1', '203.0.113.9'), trusted)).toBe(
      '203.0.113.9',
    )
  })

  it('trusts nobody by default', () => {
    expect(new TrustedProxies(undefined).has('127.0.0.1')).toBe(false)
    expect(new TrustedProxies('').has('::1')).toBe(false)
  })

  it('refuses a malformed entry instead of trusting something unintended', () => {
    for (const spec of [
      '10.0.0.0/33',
      'proxy.local',
      '10.0.0.1/8/1',
      '2001:db8::/129',
      '10.0.0.0/x',
    ])
      expect(() => new TrustedProxies(spec), spec).toThrow(/not an IP address or CIDR range/)
  })
})

describe('clientAddressFrom', () => {
  const none = new TrustedProxies(undefined)
  const proxies = new TrustedProxies('127.0.0.1, 10.0.0.0/8')

  it('uses the socket address and ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddressFrom(request('198.51.100.4', '203.0.113.9'), none)).toBe('198.51.100.4')
    expect(clientAddressFrom(request('::ffff:127.0.0.1', '203.0.113.9'), none)).toBe('127.0.0.1')
  })

  it('ignores X-Forwarded-For from a client that is not a trusted proxy', () => {
    expect(clientAddressFrom(request('198.51.100.4', '127.0.0.1, 10.0.0.1'), proxies)).toBe(
      '198.51.100.4',
    )
  })

  it('takes the right-most hop that is not a trusted proxy', () => {
    // The client wrote "6.6.6.6" itself; the outer proxy saw it come from 203.0.113.9.
    const chain = '6.6.6.6, 203.0.113.9, 10.0.0.2'
    expect(clientAddressFrom(request('127.0.0.1', chain), proxies)).toBe('203.0.113.9')
    expect(clientAddressFrom(request('127.0.0.1', '2001:DB8::5'), proxies)).toBe('2001:db8::5')
  })

  it('stops at a trusted proxy when the hop before it is not an address', () => {
    expect(clientAddressFrom(request('127.0.0.1', 'garbage, 10.0.0.3'), proxies)).toBe('10.0.0.3')
    expect(clientAddressFrom(request('127.0.0.1'), proxies)).toBe('127.0.0.1')
    expect(clientAddressFrom(request('127.0.0.1', '10.0.0.4, 10.0.0.3'), proxies)).toBe('10.0.0.4')
  })

  it('is "unknown" (never a client-chosen value) when no socket address reached the app', () => {
    expect(clientAddressFrom(request(null, '203.0.113.9'), proxies)).toBe('unknown')
    expect(clientAddressFrom(request('spoofed', '203.0.113.9'), proxies)).toBe('unknown')
  })
})
