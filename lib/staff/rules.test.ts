import { describe, expect, it } from 'vitest'
import {
  availableStaffActions,
  lastAdminMessage,
  SELF_DEACTIVATION_MESSAGE,
  SELF_RESET_MESSAGE,
  SELF_TWO_FACTOR_RESET_MESSAGE,
  staffChangeRefusal,
  type StaffRowState,
} from './rules'

const me = 'actor-admin'
const row = (overrides: Partial<StaffRowState> = {}): StaffRowState => ({
  id: 'someone',
  name: 'Someone',
  role: 'coordinator',
  active: true,
  locked: false,
  failedLoginCount: 0,
  twoFactor: false,
  ...overrides,
})

describe('staffChangeRefusal', () => {
  it('refuses deactivating oneself, whatever else holds', () => {
    const self = row({ id: me, role: 'admin' })
    expect(staffChangeRefusal({ kind: 'deactivate' }, self, me, 3)).toBe(SELF_DEACTIVATION_MESSAGE)
  })

  it('refuses deactivating or demoting the last active admin', () => {
    const admin = row({ role: 'admin', name: 'Pat' })
    expect(staffChangeRefusal({ kind: 'deactivate' }, admin, me, 0)).toBe(
      lastAdminMessage('Pat', 'deactivate'),
    )
    expect(staffChangeRefusal({ kind: 'role', to: 'physician' }, admin, me, 0)).toBe(
      lastAdminMessage('Pat', 'demote'),
    )
    expect(staffChangeRefusal({ kind: 'role', to: 'admin' }, admin, me, 0)).toBeNull()
    expect(staffChangeRefusal({ kind: 'deactivate' }, admin, me, 1)).toBeNull()
  })

  it('lets an admin demote themself only while another active admin remains', () => {
    const self = row({ id: me, role: 'admin', name: 'Me' })
    expect(staffChangeRefusal({ kind: 'role', to: 'coordinator' }, self, me, 0)).toBe(
      lastAdminMessage('Me', 'demote'),
    )
    expect(staffChangeRefusal({ kind: 'role', to: 'coordinator' }, self, me, 1)).toBeNull()
  })

  it('does not count an inactive admin as the last one', () => {
    const inactive = row({ role: 'admin', active: false })
    expect(staffChangeRefusal({ kind: 'role', to: 'physician' }, inactive, me, 0)).toBeNull()
  })

  it('sends admins to their own page for their own password', () => {
    expect(staffChangeRefusal({ kind: 'reset_password' }, row({ id: me }), me, 1)).toBe(
      SELF_RESET_MESSAGE,
    )
    expect(staffChangeRefusal({ kind: 'reset_password' }, row(), me, 1)).toBeNull()
  })

  it('sends admins to their own page for their own two-factor sign-in', () => {
    expect(staffChangeRefusal({ kind: 'reset_two_factor' }, row({ id: me }), me, 1)).toBe(
      SELF_TWO_FACTOR_RESET_MESSAGE,
    )
    expect(staffChangeRefusal({ kind: 'reset_two_factor' }, row(), me, 1)).toBeNull()
  })
})

describe('availableStaffActions', () => {
  it('offers a coordinator everything but unlock (not locked) and reactivate (active)', () => {
    expect(availableStaffActions(row(), me, 1)).toEqual({
      changeRole: true,
      resetPassword: true,
      unlock: false,
      deactivate: true,
      reactivate: false,
      resetTwoFactor: false,
    })
  })

  it('offers a two-factor reset only for someone else who has it on', () => {
    expect(availableStaffActions(row({ twoFactor: true }), me, 1).resetTwoFactor).toBe(true)
    const self = row({ id: me, role: 'admin', twoFactor: true })
    expect(availableStaffActions(self, me, 2).resetTwoFactor).toBe(false)
  })

  it('offers unlock for a locked account and reactivate for an inactive one', () => {
    expect(availableStaffActions(row({ locked: true }), me, 1).unlock).toBe(true)
    const inactive = availableStaffActions(row({ active: false }), me, 1)
    expect(inactive).toMatchObject({ deactivate: false, reactivate: true })
  })

  it('hides deactivate, role change and reset on the last admin looking at themself', () => {
    expect(availableStaffActions(row({ id: me, role: 'admin' }), me, 1)).toEqual({
      changeRole: false,
      resetPassword: false,
      unlock: false,
      deactivate: false,
      reactivate: false,
      resetTwoFactor: false,
    })
  })

  it('with two admins, each may demote themself but not deactivate themself', () => {
    expect(availableStaffActions(row({ id: me, role: 'admin' }), me, 2)).toMatchObject({
      changeRole: true,
      deactivate: false,
    })
    expect(availableStaffActions(row({ role: 'admin' }), me, 2)).toMatchObject({
      changeRole: true,
      deactivate: true,
    })
  })
})
