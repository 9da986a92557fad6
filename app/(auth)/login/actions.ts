'use server'

import { signInCommand, verifyTwoFactorCommand } from '@/lib/account/commands'
import { bindSelfServiceForm } from '@/lib/commands/self-service'

// Public by design: the two actions anonymous visitors may call (password, then code).

export const signInAction = bindSelfServiceForm(signInCommand)
export const verifyTwoFactorAction = bindSelfServiceForm(verifyTwoFactorCommand)
