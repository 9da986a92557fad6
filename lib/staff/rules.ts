import type { StaffRole } from '@/db/schema'

// Which staff changes an admin may make, as plain functions: the page hides what the server
// would refuse, and the server (lib/staff/mutations.ts) refuses it with the same words.

export type StaffChange =
  | { kind: 'role'; to: StaffRole }
  | { kind: 'reset_password' }
  | { kind: 'unlock' }
  | { kind: 'deactivate' }
  | { kind: 'reactivate' }
  | { kind: 'reset_two_factor' }

export interface StaffSubject {
  id: string
  name: string
  role: StaffRole
  active: boolean
}

export const SELF_DEACTIVATION_MESSAGE = 'You cannot deactivate your own account.'
export const SELF_RESET_MESSAGE =
  'Change your own password from your user menu ("Change password"), not with a reset.'

export const SELF_TWO_FACTOR_RESET_MESSAGE =
  'Manage your own two-factor sign-in from your user menu ("Two-factor sign-in"), not with a reset.'

export function lastAdminMessage(name: string, change: 'deactivate' | 'demote'): string {
  return change === 'deactivate'
    ? `${name} is the last active admin and cannot be deactivated: make someone else an admin first.`
    : `${name} is the last active admin and must keep the admin role: make someone else an admin first.`
}

/**
 * Why `actorId` may not make `change` to `target`, or null when it is allowed.
 * `otherActiveAdmins` counts active admins other than the target.
 */
export function staffChangeRefusal(
  change: StaffChange,
  target: StaffSubject,
  actorId: string,
  otherActiveAdmins: number,
): string | null {
  const self = target.id === actorId
  const lastActiveAdmin = target.role === 'admin' && target.active && otherActiveAdmins === 0
  switch (change.kind) {
    case 'deactivate':
      if (self) return SELF_DEACTIVATION_MESSAGE
      return lastActiveAdmin ? lastAdminMessage(target.name, 'deactivate') : null
    case 'role':
      return change.to !== 'admin' && lastActiveAdmin
        ? lastAdminMessage(target.name, 'demote')
        : null
    case 'reset_password':
      return self ? SELF_RESET_MESSAGE : null
    case 'reset_two_factor':
      return self ? SELF_TWO_FACTOR_RESET_MESSAGE : null
    case 'unlock':
    case 'reactivate':
      return null
  }
}

export interface StaffRowState extends StaffSubject {
  locked: boolean
  failedLoginCount: number
  twoFactor: boolean
}

/** The row actions to offer: those the server would accept now. */
export function availableStaffActions(
  row: StaffRowState,
  actorId: string,
  activeAdmins: number,
): {
  changeRole: boolean
  resetPassword: boolean
  unlock: boolean
  deactivate: boolean
  reactivate: boolean
  resetTwoFactor: boolean
} {
  const others = activeAdmins - (row.role === 'admin' && row.active ? 1 : 0)
  const allowed = (change: StaffChange) => staffChangeRefusal(change, row, actorId, others) === null
  return {
    // Offered when at least one other role is possible.
    changeRole: allowed({ kind: 'role', to: row.role === 'admin' ? 'coordinator' : 'admin' }),
    resetPassword: allowed({ kind: 'reset_password' }),
    unlock: row.locked,
    deactivate: row.active && allowed({ kind: 'deactivate' }),
    reactivate: !row.active,
    resetTwoFactor: row.twoFactor && allowed({ kind: 'reset_two_factor' }),
  }
}
