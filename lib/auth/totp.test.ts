import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  formatManualKey,
  hashRecoveryCode,
  matchingTimeStep,
  newRecoveryCodes,
  newTotpSecret,
  openTotpSecret,
  sealTotpSecret,
  totpCode,
  totpUri,
} from './totp'

// RFC 6238 Appendix B: the SHA-1 seed "12345678901234567890" (base32 below); the RFC prints
// eight digits, authenticator apps show the last six.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'
const RFC_VECTORS: [seconds: number, eightDigits: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
]

describe('TOTP codes (RFC 6238)', () => {
  it.each(RFC_VECTORS)('at %i s the code is the last six digits of %s', (seconds, expected) => {
    expect(totpCode(RFC_SECRET, seconds * 1000)).toBe(expected.slice(-6))
  })

  it('accepts the current step and one either side, and says which step', () => {
    const at = 1234567890_000
    const step = Math.floor(1234567890 / 30)
    expect(matchingTimeStep(RFC_SECRET, '005924', at)).toBe(step)
    expect(matchingTimeStep(RFC_SECRET, totpCode(RFC_SECRET, at - 30_000), at)).toBe(step - 1)
    expect(matchingTimeStep(RFC_SECRET, totpCode(RFC_SECRET, at + 30_000), at)).toBe(step + 1)
    expect(matchingTimeStep(RFC_SECRET, totpCode(RFC_SECRET, at - 60_000), at)).toBeNull()
    expect(matchingTimeStep(RFC_SECRET, totpCode(RFC_SECRET, at + 60_000), at)).toBeNull()
  })

  it('refuses a wrong code and anything that is not six digits', () => {
    const at = 1234567890_000
    expect(matchingTimeStep(RFC_SECRET, '005925', at)).toBeNull()
    expect(matchingTimeStep(RFC_SECRET, '89005924', at)).toBeNull()
    expect(matchingTimeStep(RFC_SECRET, '', at)).toBeNull()
  })

  it('makes 160-bit secrets and an otpauth address apps can scan', () => {
    const secret = newTotpSecret()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(newTotpSecret()).not.toBe(secret)
    const uri = new URL(totpUri(secret, 'pat@clinic.example'))
    expect(uri.protocol).toBe('otpauth:')
    expect(uri.searchParams.get('secret')).toBe(secret)
    expect(uri.searchParams.get('issuer')).toBe('Augment')
    expect(uri.searchParams.get('digits')).toBe('6')
    expect(uri.searchParams.get('period')).toBe('30')
    expect(formatManualKey('ABCDEFGHIJ')).toBe('ABCD EFGH IJ')
  })
})

describe('secrets at rest', () => {
  const authSecret = crypto.randomBytes(32).toString('base64url')

  it('seals so the stored text does not contain the secret, and opens again', () => {
    const sealed = sealTotpSecret(RFC_SECRET, authSecret)
    expect(sealed).not.toContain(RFC_SECRET)
    expect(sealTotpSecret(RFC_SECRET, authSecret)).not.toBe(sealed)
    expect(openTotpSecret(sealed, authSecret)).toBe(RFC_SECRET)
  })

  it('opens nothing under another AUTH_SECRET or when altered', () => {
    const sealed = sealTotpSecret(RFC_SECRET, authSecret)
    expect(openTotpSecret(sealed, `${authSecret}x`)).toBeNull()
    const [version, iv, tag, data] = sealed.split('.')
    const flipped = `${data!.startsWith('A') ? 'B' : 'A'}${data!.slice(1)}`
    expect(openTotpSecret([version, iv, tag, flipped].join('.'), authSecret)).toBeNull()
    expect(openTotpSecret('not sealed at all', authSecret)).toBeNull()
  })
})

describe('recovery codes', () => {
  it('are ten distinct 16-character codes of an unambiguous alphabet', () => {
    const codes = newRecoveryCodes()
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const code of codes) expect(code).toMatch(/^[A-HJ-NP-Z2-9]{4}(-[A-HJ-NP-Z2-9]{4}){3}$/)
  })

  it('hash the same however they are typed back, and differently from each other', () => {
    const [code, other] = newRecoveryCodes()
    const typed = code!.toLowerCase().replace(/-/g, ' ')
    expect(hashRecoveryCode(typed)).toBe(hashRecoveryCode(code!))
    expect(hashRecoveryCode(other!)).not.toBe(hashRecoveryCode(code!))
    expect(hashRecoveryCode(code!)).toMatch(/^[0-9a-f]{64}$/)
  })
})
