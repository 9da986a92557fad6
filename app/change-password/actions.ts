'use server'

import { forcedPasswordChangeCommand } from '@/lib/account/commands'
import { bindSelfServiceForm } from '@/lib/commands/self-service'

export const changePasswordAction = bindSelfServiceForm(forcedPasswordChangeCommand)
