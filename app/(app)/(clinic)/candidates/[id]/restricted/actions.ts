'use server'

import { breakGlassCommand } from '@/lib/candidates/restricted'
import { bindForm } from '@/lib/commands/pipeline'

// Breaking the glass writes the access and its audit row, then opens the record.
export const breakGlassAction = bindForm(breakGlassCommand)
