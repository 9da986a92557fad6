import { describe, expect, it } from 'vitest'
import { generatePassword, hashPassword, verifyPassword } from './password'

describe('password hashing', () => {
  it('uses argon2id with a per-hash salt', async () => {
    const first = await hashPassword('correct horse battery staple')
    const second = await hashPassword('correct horse battery staple')
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(first).not.toBe(second)
  })

  it('verifies the right password only, and treats a malformed hash as a mismatch', async () => {
    const hash = await hashPassword('correct horse battery staple')
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true)
    expect(await verifyPassword(hash, 'Correct horse battery staple')).toBe(false)
    expect(await verifyPassword('not-a-hash', 'anything')).toBe(false)
  })
})

describe('generatePassword', () => {
  it('makes distinct passwords of readable characters only', () => {
    const passwords = Array.from({ length: 50 }, () => generatePassword())
    expect(new Set(passwords).size).toBe(50)
    for (const password of passwords) expect(password).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]{16}$/)
  })
})
