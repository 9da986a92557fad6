'use server'

import { recordDecisionCommand } from '@/lib/candidacy/mutations'
import { changeStatusCommand } from '@/lib/candidates/mutations'
import {
  grantAccessCommand,
  restrictRecordCommand,
  revokeAccessCommand,
  unrestrictRecordCommand,
} from '@/lib/candidates/restricted'
import { bindForm } from '@/lib/commands/pipeline'
import { recordFollowUpCommand } from '@/lib/follow-ups/mutations'
import {
  addFractureCommand,
  removeFractureCommand,
  updateFractureCommand,
} from '@/lib/fractures/mutations'
import {
  addImagingFindingCommand,
  completeImagingCommand,
  orderImagingCommand,
} from '@/lib/imaging/mutations'
import {
  cancelProcedureCommand,
  completeProcedureCommand,
  recordAdverseEventCommand,
  rescheduleProcedureCommand,
  scheduleProcedureCommand,
} from '@/lib/procedures/mutations'
import { amendProcedureCommand } from '@/lib/procedures/amendment'
import { recordDispositionCommand } from '@/lib/procedures/disposition'

// The record page's forms, each a command bound to its form (lib/commands/pipeline.ts):
// authorized, parsed, written with its audit row in one transaction, the record revalidated.

export const addFractureAction = bindForm(addFractureCommand)
export const updateFractureAction = bindForm(updateFractureCommand)
export const removeFractureAction = bindForm(removeFractureCommand)
export const orderImagingAction = bindForm(orderImagingCommand)
export const completeImagingAction = bindForm(completeImagingCommand)
export const addImagingFindingAction = bindForm(addImagingFindingCommand)
export const recordDecisionAction = bindForm(recordDecisionCommand)
export const changeStatusAction = bindForm(changeStatusCommand)
export const scheduleProcedureAction = bindForm(scheduleProcedureCommand)
export const rescheduleProcedureAction = bindForm(rescheduleProcedureCommand)
export const cancelProcedureAction = bindForm(cancelProcedureCommand)
export const completeProcedureAction = bindForm(completeProcedureCommand)
export const recordAdverseEventAction = bindForm(recordAdverseEventCommand)
// Also the Overview's one-click "Discharged" on "Overnight tonight".
export const recordDispositionAction = bindForm(recordDispositionCommand)
export const amendProcedureAction = bindForm(amendProcedureCommand)
export const recordFollowUpAction = bindForm(recordFollowUpCommand)
export const restrictRecordAction = bindForm(restrictRecordCommand)
export const unrestrictRecordAction = bindForm(unrestrictRecordCommand)
export const grantAccessAction = bindForm(grantAccessCommand)
export const revokeAccessAction = bindForm(revokeAccessCommand)
