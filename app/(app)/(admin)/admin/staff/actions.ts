'use server'

import { bindForm } from '@/lib/commands/pipeline'
import {
  addStaffCommand,
  changeRoleCommand,
  deactivateStaffCommand,
  reactivateStaffCommand,
  resetPasswordCommand,
  resetStaffTwoFactorCommand,
  unlockStaffCommand,
} from '@/lib/staff/mutations'

// The staff page's forms, each a command bound to its form (lib/commands/pipeline.ts).

export const addStaffAction = bindForm(addStaffCommand)
export const changeRoleAction = bindForm(changeRoleCommand)
export const resetPasswordAction = bindForm(resetPasswordCommand)
export const unlockStaffAction = bindForm(unlockStaffCommand)
export const deactivateStaffAction = bindForm(deactivateStaffCommand)
export const reactivateStaffAction = bindForm(reactivateStaffCommand)
export const resetTwoFactorAction = bindForm(resetStaffTwoFactorCommand)
