import { describe, expect, it } from 'vitest'
import { clientAddressFrom, normalizeEmail } from './policy'

describe('clientAddressFrom', () => {
  it('takes the first forwarded address, then x-real-ip, else "unknown"', () => {
    expect(clientAddressFrom(new Headers({ 'x-forwarded-for': '203.0.113.9, 10.0.0.1' }))).toBe(
      '203.0.113.9',
    )
    expect(clientAddressFrom(new Headers({ 'x-real-ip': '198.51.100.4' }))).toBe('198.51.100.4')
    expect(clientAddressFrom(new Headers())).toBe('unknown')
  })
})

describe('normalizeEmail', () => {
  it('trims and lower-cases', () => {
    expect(normalizeEmail('  Dr.Who@Clinic.TEST ')).toBe('dr.who@clinic.test')
  })
})
