'use server'

import { createPatientCommand, updatePatientCommand } from '@/lib/candidates/mutations'
import { bindForm } from '@/lib/commands/pipeline'

// Each opens the record it wrote; a lost race on an edit shows the record as it is now.
export const createPatientAction = bindForm(createPatientCommand)
export const updatePatientAction = bindForm(updatePatientCommand)
