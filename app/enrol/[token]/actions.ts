'use server'

import { enrolCommand } from '@/lib/account/commands'
import { bindSelfServiceForm } from '@/lib/commands/self-service'

export const enrolAction = bindSelfServiceForm(enrolCommand)
