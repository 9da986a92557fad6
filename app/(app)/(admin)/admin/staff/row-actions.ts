import type { StaffRowActionSet } from '@/lib/staff/types'
import {
  changeRoleAction,
  deactivateStaffAction,
  reactivateStaffAction,
  resetPasswordAction,
  resetTwoFactorAction,
  unlockStaffAction,
} from './actions'

/** The row actions both staff pages hand to their client components. */
export const staffRowActions: StaffRowActionSet = {
  changeRole: changeRoleAction,
  resetPassword: resetPasswordAction,
  unlock: unlockStaffAction,
  deactivate: deactivateStaffAction,
  reactivate: reactivateStaffAction,
  resetTwoFactor: resetTwoFactorAction,
}
