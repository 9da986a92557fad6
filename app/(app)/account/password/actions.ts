'use server'

import { ownPasswordChangeCommand } from '@/lib/account/commands'
import { bindSelfServiceForm } from '@/lib/commands/self-service'

export const changeOwnPasswordAction = bindSelfServiceForm(ownPasswordChangeCommand)
