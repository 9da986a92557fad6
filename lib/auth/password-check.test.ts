import { describe, expect, it } from 'vitest'
import { generatePassword } from './password'
import { PASSWORD_MESSAGES, passwordPolicyError } from './password-check'
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password-policy'

// A random-looking base that breaks no rule, cut or repeated to a given length.
const varied = 'Tq7 mZr4 Lxw9 Pkd2 Hvb8 Ncs3 Fgy6 Jte5 '
const ofLength = (length: number) => varied.repeat(8).slice(0, length)

describe('passwordPolicyError: length (NIST SP 800-63B)', () => {
  it.each([
    [MIN_PASSWORD_LENGTH - 1, PASSWORD_MESSAGES.tooShort],
    [MIN_PASSWORD_LENGTH, null],
    [MAX_PASSWORD_LENGTH, null],
    [MAX_PASSWORD_LENGTH + 1, PASSWORD_MESSAGES.tooLong],
  ])('%i characters → %s', (length, expected) => {
    expect(MIN_PASSWORD_LENGTH).toBe(12)
    expect(MAX_PASSWORD_LENGTH).toBe(128)
    expect(passwordPolicyError(ofLength(length))).toBe(expected)
  })

  it('counts Unicode code points, not UTF-16 units or bytes, and accepts any script', () => {
    // 12 astral characters are 24 UTF-16 units; 11 are still too short.
    expect('🦴🧠🩻💉🩺🦿🫀🫁🦷🧬🦵🦶'.length).toBe(24)
    expect(passwordPolicyError('🦴🧠🩻💉🩺🦿🫀🫁🦷🧬🦵🦶')).toBeNull()
    expect(passwordPolicyError('🦴🧠🩻💉🩺🦿🫀🫁🦷🧬🦵')).toBe(PASSWORD_MESSAGES.tooShort)
    expect(passwordPolicyError('Wirbelsäule über Brücken')).toBeNull()
    expect(passwordPolicyError('позвоночник и кость')).toBeNull()
    expect(passwordPolicyError('脊椎の骨折は痛いけれど治る')).toBeNull()
  })

  it('has no composition rules: lower-case words with spaces are fine', () => {
    expect(passwordPolicyError('correct horse battery staple')).toBeNull()
    expect(passwordPolicyError('purple elephants dance quietly')).toBeNull()
  })
})

describe('passwordPolicyError: blocklist', () => {
  it.each(['passwordpassword', 'administrator', 'qwerty123456', '1q2w3e4r5t6y', '123456789012'])(
    'refuses the common password %s',
    (password) => {
      expect(passwordPolicyError(password)).toBe(PASSWORD_MESSAGES.common)
    },
  )

  it('compares case-insensitively', () => {
    expect(passwordPolicyError('AdMiNiStRaToR')).toBe(PASSWORD_MESSAGES.common)
  })

  it('refuses a listed word padded with digits or symbols', () => {
    expect(passwordPolicyError('Sunshine2024!!')).toBe(PASSWORD_MESSAGES.common)
    expect(passwordPolicyError('!!dragon!!1234')).toBe(PASSWORD_MESSAGES.common)
  })

  it('refuses context words (the service, the clinic) padded the same way', () => {
    expect(passwordPolicyError('Augment2024!!')).toBe(PASSWORD_MESSAGES.common)
    expect(passwordPolicyError('kyphoplasty123')).toBe(PASSWORD_MESSAGES.common)
  })

  it('refuses short units or listed words repeated, and straight runs', () => {
    expect(passwordPolicyError('aaaaaaaaaaaa')).toBe(PASSWORD_MESSAGES.pattern)
    expect(passwordPolicyError('abcabcabcabcab')).toBe(PASSWORD_MESSAGES.pattern)
    expect(passwordPolicyError('monkeymonkeymonkey')).toBe(PASSWORD_MESSAGES.pattern)
    expect(passwordPolicyError('abcdefghijklm')).toBe(PASSWORD_MESSAGES.pattern)
    expect(passwordPolicyError('zyxwvutsrqpo')).toBe(PASSWORD_MESSAGES.pattern)
    expect(passwordPolicyError('7890123456789')).toBe(PASSWORD_MESSAGES.pattern)
  })

  it('accepts a long unit repeated when the unit itself is not common', () => {
    expect(passwordPolicyError('Tq7mZr4Tq7mZr4')).toBeNull()
  })
})

describe('passwordPolicyError: the email', () => {
  it('refuses the email local part anywhere in the password, whatever the case', () => {
    const context = { email: 'Maya.Okafor@Clinic.example' }
    expect(passwordPolicyError('my name is maya.okafor!', context)).toBe(
      PASSWORD_MESSAGES.emailName,
    )
    expect(passwordPolicyError('MAYA.OKAFOR rules the spine', context)).toBe(
      PASSWORD_MESSAGES.emailName,
    )
    // Without its separators too.
    expect(passwordPolicyError('hello MayaOkafor 2024', context)).toBe(PASSWORD_MESSAGES.emailName)
    expect(passwordPolicyError('an unrelated long phrase', context)).toBeNull()
  })

  it('ignores local parts too short to be a name', () => {
    expect(passwordPolicyError('al the quiet river flows', { email: 'al@clinic.example' })).toBe(
      null,
    )
  })
})

describe('the passwords the app itself sets', () => {
  it('accepts every generated password', () => {
    for (let i = 0; i < 500; i++) {
      expect(passwordPolicyError(generatePassword(), { email: 'coordinator@example.org' })).toBe(
        null,
      )
    }
  })

  it.each([
    'admin@example.org',
    'coordinator@example.org',
    'coordinator2@example.org',
    'physician@example.org',
    'physician2@example.org',
    'physician3@example.org',
  ])('accepts the e2e demo password for %s', (email) => {
    expect(passwordPolicyError('e2e-password-for-demo-accounts', { email })).toBeNull()
  })
})
