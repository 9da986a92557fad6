'use server'

import { bindForm } from '@/lib/commands/pipeline'
import { acknowledgeClinicalAccessCommand } from '@/lib/staff/clinical-access'

/** "Acknowledge" on the Overview's "New clinical access": physicians only, audited. */
export const acknowledgeClinicalAccessAction = bindForm(acknowledgeClinicalAccessCommand)
