import { describe, expect, it } from 'vitest'
import { changePasswordSchema, safeCallbackPath } from './schemas'

describe('safeCallbackPath', () => {
  it.each([
    ['/candidates?status=referred', '/candidates?status=referred'],
    ['/', '/'],
    ['https://evil.example/phish', null],
    ['//evil.example/phish', null],
    ['/\\evil.example', null],
    ['javascript:alert(1)', null],
    ['candidates', null],
    [undefined, null],
  ])('%s → %s', (input, expected) => {
    expect(safeCallbackPath(input)).toBe(expected)
  })
})

describe('changePasswordSchema', () => {
  const valid = {
    currentPassword: 'old password 1',
    newPassword: 'a much longer one',
    confirmPassword: 'a much longer one',
  }

  it('accepts a long new password that is confirmed', () => {
    expect(changePasswordSchema.safeParse(valid).success).toBe(true)
  })

  it.each([
    [{ newPassword: 'short', confirmPassword: 'short' }, 'newPassword'],
    [{ confirmPassword: 'something else entirely' }, 'confirmPassword'],
    [{ newPassword: 'old password 1', confirmPassword: 'old password 1' }, 'newPassword'],
    [{ newPassword: 'passwordpassword', confirmPassword: 'passwordpassword' }, 'newPassword'],
    [{ newPassword: 'x'.repeat(129), confirmPassword: 'x'.repeat(129) }, 'newPassword'],
    [{ currentPassword: '' }, 'currentPassword'],
  ])('refuses %o on %s', (change, field) => {
    const result = changePasswordSchema.safeParse({ ...valid, ...change })
    expect(result.success).toBe(false)
    expect(result.error?.issues.map((issue) => issue.path[0])).toContain(field)
  })
})
