import type { ClinicalAccessGrantKind, StaffRole } from '@/db/schema'
import type { ActionResult, FormAction } from '@/lib/action-result'

export type { ClinicalAccessGrantKind, StaffRole }

export interface EnrolmentLinkResult {
  /** The path of the member's single-use enrolment link: shown once, then gone. */
  enrolmentLink: string
}

export type EnrolmentLinkAction = (
  previous: ActionResult<EnrolmentLinkResult>,
  formData: FormData,
) => Promise<ActionResult<EnrolmentLinkResult>>

/** The server actions a staff row offers, handed from the page to the client components. */
export interface StaffRowActionSet {
  changeRole: FormAction
  resetPassword: EnrolmentLinkAction
  unlock: FormAction
  deactivate: FormAction
  reactivate: FormAction
  resetTwoFactor: FormAction
}
