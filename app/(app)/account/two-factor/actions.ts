'use server'

import {
  beginTwoFactorSetupCommand,
  confirmTwoFactorSetupCommand,
  regenerateRecoveryCodesCommand,
  turnOffTwoFactorCommand,
} from '@/lib/account/commands'
import { bindSelfServiceForm } from '@/lib/commands/self-service'

// The member's own two-factor settings (an admin who must enrol may use these and nothing else).

export const beginTwoFactorSetupAction = bindSelfServiceForm(beginTwoFactorSetupCommand)
export const confirmTwoFactorSetupAction = bindSelfServiceForm(confirmTwoFactorSetupCommand)
export const regenerateRecoveryCodesAction = bindSelfServiceForm(regenerateRecoveryCodesCommand)
export const turnOffTwoFactorAction = bindSelfServiceForm(turnOffTwoFactorCommand)
