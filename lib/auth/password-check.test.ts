import { describe, expect, it } from 'vitest'
import { generatePassword } from './password'
import { PASSWORD_MESSAGES, passwordPolicyError } from './password-check'
import {
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
  MIN_SINGLE_FACTOR_PASSWORD_LENGTH,
} from './password-policy'

// A random-looking base that breaks no rule and repeats nothing, cut to a given length.
const varied = Array.from({ length: 30 }, (_, i) => `Tq${i % 10}m${(i * 7) % 10}Z${i} `).join('')
const ofLength = (length: number) => varied.slice(0, length)

describe('passwordPolicyError: length (NIST SP 800-63B)', () => {
  it.each([
    [MIN_PASSWORD_LENGTH - 1, true, PASSWORD_MESSAGES.tooShort],
    [MIN_PASSWORD_LENGTH, true, null],
    [MIN_PASSWORD_LENGTH, false, PASSWORD_MESSAGES.tooShortSingleFactor],
    [MIN_SINGLE_FACTOR_PASSWORD_LENGTH - 1, false, PASSWORD_MESSAGES.tooShortSingleFactor],
    [MIN_SINGLE_FACTOR_PASSWORD_LENGTH, false, null],
    [MAX_PASSWORD_LENGTH, false, null],
    [MAX_PASSWORD_LENGTH + 1, true, PASSWORD_MESSAGES.tooLong],
  ])('%i characters, two-factor %s → %s', (length, twoFactor, expected) => {
    expect(MIN_PASSWORD_LENGTH).toBe(12)
    expect(MIN_SINGLE_FACTOR_PASSWORD_LENGTH).toBe(15)
    expect(MAX_PASSWORD_LENGTH).toBe(128)
    expect(passwordPolicyError(ofLength(length), { twoFactor })).toBe(expected)
  })

  it('asks 15 characters of an account without two-factor unless told otherwise', () => {
    expect(passwordPolicyError('Tq7 mZr4 Lxw9 P')).toBeNull()
    expect(passwordPolicyError('Tq7 mZr4 Lxw9 ')).toBe(PASSWORD_MESSAGES.tooShortSingleFactor)
  })

  it('counts Unicode code points, not UTF-16 units or bytes, and accepts any script', () => {
    // 12 astral characters are 24 UTF-16 units; 11 are still too short.
    expect('🦴🧠🩻💉🩺🦿🫀🫁🦷🧬🦵🦶'.length).toBe(24)
    const withTwoFactor = { twoFactor: true }
    expect(passwordPolicyError('🦴🧠🩻💉🩺🦿🫀🫁🦷🧬🦵🦶', withTwoFactor)).toBeNull()
    expect(passwordPolicyError('🦴🧠🩻💉🩺🦿🫀🫁🦷🧬🦵', withTwoFactor)).toBe(
      PASSWORD_MESSAGES.tooShort,
    )
    expect(passwordPolicyError('Wirbelsäule über Brücken')).toBeNull()
    expect(passwordPolicyError('позвоночник и кость')).toBeNull()
    expect(passwordPolicyError('脊椎の骨折は痛いけれど治る', withTwoFactor)).toBeNull()
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
      expect(passwordPolicyError(password, { twoFactor: true })).toBe(PASSWORD_MESSAGES.common)
    },
  )

  const twoFactor = { twoFactor: true }

  it('compares case-insensitively', () => {
    expect(passwordPolicyError('AdMiNiStRaToR', twoFactor)).toBe(PASSWORD_MESSAGES.common)
  })

  it('refuses a listed word padded with digits or symbols', () => {
    expect(passwordPolicyError('Sunshine2024!!', twoFactor)).toBe(PASSWORD_MESSAGES.common)
    expect(passwordPolicyError('!!dragon!!1234', twoFactor)).toBe(PASSWORD_MESSAGES.common)
  })

  it('refuses context words (the service, the clinic) padded the same way', () => {
    expect(passwordPolicyError('Augment2024!!', twoFactor)).toBe(PASSWORD_MESSAGES.common)
    expect(passwordPolicyError('kyphoplasty123', twoFactor)).toBe(PASSWORD_MESSAGES.common)
  })

  it('refuses short units or listed words repeated, and straight runs', () => {
    expect(passwordPolicyError('aaaaaaaaaaaa', twoFactor)).toBe(PASSWORD_MESSAGES.pattern)
    expect(passwordPolicyError('abcabcabcabcab', twoFactor)).toBe(PASSWORD_MESSAGES.pattern)
    expect(passwordPolicyError('monkeymonkeymonkey', twoFactor)).toBe(PASSWORD_MESSAGES.pattern)
    expect(passwordPolicyError('abcdefghijklm', twoFactor)).toBe(PASSWORD_MESSAGES.pattern)
    expect(passwordPolicyError('zyxwvutsrqpo', twoFactor)).toBe(PASSWORD_MESSAGES.pattern)
    expect(passwordPolicyError('7890123456789', twoFactor)).toBe(PASSWORD_MESSAGES.pattern)
  })
})

describe("passwordPolicyError: zxcvbn's repeat and spatial patterns", () => {
  it.each([
    'Tq7mZr4Tq7mZr4xy',
    'aaaaaaaaaaaaaaaaaaaXy7',
    'tree-tree-tree-tree',
    'x9!x9!x9!x9!x9!Lw',
  ])('refuses %s: mostly a repeated unit, even with something around it', (password) => {
    expect(passwordPolicyError(password)).toBe(PASSWORD_MESSAGES.pattern)
  })

  it.each([
    'zaq12wsxcde34rfv',
    'asdfghjkl;asdfgh',
    'poiuytrewq!Horse',
    '!QAZ2wsx#EDC4rfv',
    'qwertyuiop[]\\asd',
  ])('refuses %s: mostly a walk along neighbouring keys', (password) => {
    expect(passwordPolicyError(password)).toBe(PASSWORD_MESSAGES.keyboardWalk)
  })

  it.each([
    'correct horse battery staple',
    'were the trees here at dawn',
    'bookkeeper cellar mill road',
    'e2e-password-for-demo-accounts',
    'fault suite passphrase for staff',
  ])('accepts %s: a short walk or repeat inside a phrase is fine', (password) => {
    expect(passwordPolicyError(password)).toBeNull()
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
  it('accepts nearly every generated password (the demo accounts get one at each start)', () => {
    // 16 random characters now and then fall mostly on one keyboard line or repeat a unit;
    // about 1 in 5,000 does. The app itself no longer sets any other password.
    let refused = 0
    for (let i = 0; i < 500; i++) {
      if (passwordPolicyError(generatePassword(), { email: 'coordinator@example.org' })) refused++
    }
    expect(refused).toBeLessThanOrEqual(5)
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
