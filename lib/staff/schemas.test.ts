import { describe, expect, it } from 'vitest'
import { PASSWORD_MESSAGES } from '@/lib/auth/password-check'
import { addStaffSchema, changeRoleSchema, newStaffSchema, resetPasswordSchema } from './schemas'

const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((issue) => String(issue.path[0])) ?? []

describe('newStaffSchema (staff:create)', () => {
  const valid = {
    email: '  Jane.Doe@Clinic.Example ',
    name: ' Jane Doe ',
    role: 'admin',
    password: 'quiet river under stone',
  }

  it('trims and lower-cases the email and keeps the password as typed', () => {
    expect(newStaffSchema.parse(valid)).toEqual({
      email: 'jane.doe@clinic.example',
      name: 'Jane Doe',
      role: 'admin',
      password: 'quiet river under stone',
    })
  })

  it('applies the password policy, with the email', () => {
    expect(issuesOf(newStaffSchema.safeParse({ ...valid, password: 'short' }))).toEqual([
      'password',
    ])
    const withName = newStaffSchema.safeParse({ ...valid, password: 'i am JANE.DOE at work' })
    expect(withName.error?.issues).toEqual([
      expect.objectContaining({ path: ['password'], message: PASSWORD_MESSAGES.emailName }),
    ])
    expect(issuesOf(newStaffSchema.safeParse({ ...valid, password: 'administrator' }))).toEqual([
      'password',
    ])
  })

  it('asks 15 characters: the account starts without two-factor sign-in', () => {
    expect(
      newStaffSchema.safeParse({ ...valid, password: 'quiet river 14' }).error?.issues,
    ).toEqual([
      expect.objectContaining({
        path: ['password'],
        message: PASSWORD_MESSAGES.tooShortSingleFactor,
      }),
    ])
    expect(newStaffSchema.safeParse({ ...valid, password: 'quiet river 015' }).success).toBe(true)
  })

  it('reports every bad field at once', () => {
    const result = newStaffSchema.safeParse({
      email: 'nope',
      name: '',
      role: 'owner',
      password: '',
    })
    expect(issuesOf(result).sort()).toEqual(['email', 'name', 'password', 'role'])
  })
})

describe('addStaffSchema (the admin form)', () => {
  const valid = { name: 'Sam Lee', email: 'sam.lee@clinic.example', role: 'physician' }

  it('takes no password: an admin never sets one (the member does, with a link)', () => {
    expect(addStaffSchema.parse({ ...valid, temporaryPassword: 'granite meadow lantern' })).toEqual(
      { name: 'Sam Lee', email: 'sam.lee@clinic.example', role: 'physician' },
    )
  })
})

describe('changeRoleSchema and resetPasswordSchema', () => {
  const staffId = '3f1e0c1a-8b9f-4c55-9a4e-0d6f1f2b3c4d'

  it('needs a known role, the role seen and an id', () => {
    expect(
      changeRoleSchema.safeParse({ staffId, currentRole: 'admin', role: 'physician' }).success,
    ).toBe(true)
    expect(
      issuesOf(changeRoleSchema.safeParse({ staffId: 'x', currentRole: 'admin', role: 'root' })),
    ).toEqual(['staffId', 'role'])
  })

  it('takes only the account for a reset (the member sets the new password)', () => {
    expect(resetPasswordSchema.parse({ staffId, temporaryPassword: 'typed by an admin' })).toEqual({
      staffId,
    })
  })
})
