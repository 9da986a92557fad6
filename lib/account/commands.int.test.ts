import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import { insertStaff } from '@/db/testing/factories'
import { hashPassword } from '@/lib/auth/password'
import { PASSWORD_MESSAGES } from '@/lib/auth/password-check'
import { INVALID_CREDENTIALS_MESSAGE } from '@/lib/auth/policy'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'
import { enrolTwoFactor } from '@/lib/auth/testing/two-factor'
import { idleActionState, type ActionResult } from '@/lib/action-result'
import type { SelfServiceCommand } from '@/lib/commands/self-service'

// The self-service commands through their form binding, as the browser calls them. Signing in is
// Auth.js's job (credentials.int.test.ts): here, that it is asked, and what the form shows after.
const signIn = vi.fn<(provider: string, credentials: Record<string, unknown>) => Promise<void>>()
const renewSession = vi.fn<(claims: unknown) => Promise<boolean>>(async () => true)
// next-auth's own entry needs Next's server runtime; its error classes are Auth.js core's.
vi.mock('next-auth', async () => {
  const { AuthError, CredentialsSignin } = await import('@auth/core/errors')
  return { AuthError, CredentialsSignin }
})
vi.mock('next/cache', () => ({ revalidatePath: () => {} }))
vi.mock('@/lib/auth', async () => ({
  ...(await import('@/lib/auth/testing/session')).fakeAuthModule,
  signIn: (provider: string, credentials: Record<string, unknown>) => signIn(provider, credentials),
  renewSession: (claims: unknown) => renewSession(claims),
}))

const { CredentialsSignin } = await import('@auth/core/errors')
const { bindSelfServiceForm } = await import('@/lib/commands/self-service')
const commands = await import('./commands')
const { WRONG_CURRENT_PASSWORD } = await import('@/lib/auth/password-change')

const CURRENT = 'the current one, long enough'
const NEXT = 'a brand new passphrase'
let currentHash: string

beforeAll(async () => {
  currentHash = await hashPassword(CURRENT)
})

beforeEach(() => {
  signInAs(null)
  signIn.mockReset()
  renewSession.mockClear()
})

const form = (fields: Record<string, string>) => {
  const data = new FormData()
  for (const [key, value] of Object.entries(fields)) data.set(key, value)
  return data
}

/** Submits a form to a command's binding: where it redirected, or what it returned. */
async function submit<Input, Data, Shown>(
  command: SelfServiceCommand<Input, Data, Shown>,
  fields: Record<string, string>,
) {
  let result: ActionResult<Shown> | undefined
  const outcome = await outcomeOf(async () => {
    result = await bindSelfServiceForm(command)(idleActionState, form(fields))
  })
  return { outcome, result }
}

class Refused extends CredentialsSignin {
  constructor(override code: string) {
    super()
  }
}

describe('signing in', () => {
  it('goes on to the page asked for, but never off the site', async () => {
    signIn.mockResolvedValue()
    const fields = { email: 'someone@clinic.test', password: 'whatever it is' }
    expect(
      (await submit(commands.signInCommand, { ...fields, callbackUrl: '/procedures?view=day' }))
        .outcome,
    ).toBe('redirect:/procedures?view=day')
    expect(
      (await submit(commands.signInCommand, { ...fields, callbackUrl: '//evil.example/x' }))
        .outcome,
    ).toBe('redirect:/')
    expect(signIn).toHaveBeenCalledWith('credentials', { ...fields, redirect: false })
  })

  it('asks for the code next when the password was right, keeping where the member was going', async () => {
    signIn.mockRejectedValue(new Refused('two_factor'))
    const { outcome } = await submit(commands.signInCommand, {
      email: 'someone@clinic.test',
      password: 'right',
      callbackUrl: '/outcomes',
    })
    expect(outcome).toBe('redirect:/login/two-factor?callbackUrl=%2Foutcomes')
  })

  it('refuses a wrong password, keeping the email and never the password', async () => {
    signIn.mockRejectedValue(new Refused('credentials'))
    const { outcome, result } = await submit(commands.signInCommand, {
      email: 'someone@clinic.test',
      password: 'wrong',
    })
    expect(outcome).toBe('allowed')
    expect(result).toEqual({
      ok: false,
      message: INVALID_CREDENTIALS_MESSAGE,
      values: { email: 'someone@clinic.test' },
    })
  })
})

describe('the password forms', () => {
  it('enforce the policy and never echo a password back', async () => {
    const member = await insertStaff(await getDb(), currentHash)
    signInAs(member)
    const { result } = await submit(commands.ownPasswordChangeCommand, {
      currentPassword: CURRENT,
      newPassword: 'password1234',
      confirmPassword: 'password1234',
    })
    expect(result).toEqual({
      ok: false,
      message: 'Please correct the highlighted fields.',
      fieldErrors: { newPassword: [PASSWORD_MESSAGES.common] },
      values: {},
    })
    expect(renewSession).not.toHaveBeenCalled()
  })

  it('report a wrong current password on its field, echoing nothing', async () => {
    const member = await insertStaff(await getDb(), currentHash)
    signInAs(member)
    const { result } = await submit(commands.ownPasswordChangeCommand, {
      currentPassword: 'wrong one',
      newPassword: NEXT,
      confirmPassword: NEXT,
    })
    expect(result).toEqual({
      ok: false,
      message: 'Please correct the highlighted fields.',
      fieldErrors: { currentPassword: [WRONG_CURRENT_PASSWORD] },
      values: {},
    })
  })

  it('sign this browser in again at the new session version, then open the next page', async () => {
    const member = await insertStaff(await getDb(), currentHash)
    signInAs(member)
    const own = await submit(commands.ownPasswordChangeCommand, {
      currentPassword: CURRENT,
      newPassword: NEXT,
      confirmPassword: NEXT,
    })
    expect(own.outcome).toBe('redirect:/account/password?changed=1')
    expect(renewSession).toHaveBeenCalledWith({ staffId: member.id, sessionVersion: 2 })

    const pending = await insertStaff(await getDb(), currentHash, {
      role: 'admin',
      mustChangePassword: true,
    })
    signInAs(pending)
    const forced = await submit(commands.forcedPasswordChangeCommand, {
      currentPassword: CURRENT,
      newPassword: NEXT,
      confirmPassword: NEXT,
    })
    expect(forced.outcome).toBe('redirect:/admin/staff')
  })

  it('send the member to sign in when signing in again fails', async () => {
    const member = await insertStaff(await getDb(), currentHash)
    signInAs(member)
    renewSession.mockResolvedValueOnce(false)
    const { outcome } = await submit(commands.ownPasswordChangeCommand, {
      currentPassword: CURRENT,
      newPassword: NEXT,
      confirmPassword: NEXT,
    })
    expect(outcome).toBe('redirect:/login?reason=ended')
  })

  it('the account page sends a member with a pending change to the forced one', async () => {
    const member = await insertStaff(await getDb(), currentHash, { mustChangePassword: true })
    signInAs(member)
    const { outcome } = await submit(commands.ownPasswordChangeCommand, {
      currentPassword: CURRENT,
      newPassword: NEXT,
      confirmPassword: NEXT,
    })
    expect(outcome).toBe('redirect:/change-password')
  })
})

describe('two-factor settings', () => {
  it('never echo the code or the password of a refused turn-off', async () => {
    const member = await insertStaff(await getDb(), currentHash)
    await enrolTwoFactor(member.id)
    signInAs(member)
    const { result } = await submit(commands.turnOffTwoFactorCommand, {
      currentPassword: CURRENT,
      code: '000000',
    })
    expect(result).toMatchObject({ ok: false, fieldErrors: { code: [expect.any(String)] } })
    expect(result).toHaveProperty('values', {})
  })

  it('send anonymous visitors to sign in before reading the form', async () => {
    expect((await submit(commands.beginTwoFactorSetupCommand, {})).outcome).toBe('redirect:/login')
  })
})
