import { describe, expect, it } from 'vitest'
import { normalizeEmail } from './policy'

describe('normalizeEmail', () => {
  it('trims and lower-cases', () => {
    expect(normalizeEmail('  Dr.Who@Clinic.TEST ')).toBe('dr.who@clinic.test')
  })
})
