import type { AuditAction } from '@/lib/audit'

export const ACTION_GROUPS = [
  'Sign-in',
  'Staff',
  'Patients',
  'Clinical records',
  'Exports and imports',
  'Access and integrity',
] as const
export type ActionGroup = (typeof ACTION_GROUPS)[number]

interface ActionLabel {
  label: string
  group: ActionGroup
}

/**
 * Every audited action with its readable name and its group in the Action filter. The type
 * makes a new AuditAction fail to compile until it is labelled here, so the filter lists it.
 */
export const ACTION_LABELS = {
  'auth.sign_in': { label: 'Sign in', group: 'Sign-in' },
  'auth.sign_in_failed': { label: 'Failed sign-in', group: 'Sign-in' },
  'auth.lockout': { label: 'Sign-in locked (an address, or the account)', group: 'Sign-in' },
  'auth.sign_in_throttled': { label: 'Sign-in throttled', group: 'Sign-in' },
  'auth.sign_out': { label: 'Sign out', group: 'Sign-in' },
  'auth.password_changed': { label: 'Password changed', group: 'Sign-in' },
  'auth.password_change_failed': { label: 'Password change failed', group: 'Sign-in' },
  'auth.two_factor_enabled': { label: 'Two-factor turned on', group: 'Sign-in' },
  'auth.two_factor_disabled': { label: 'Two-factor turned off', group: 'Sign-in' },
  'auth.recovery_codes_replaced': { label: 'Recovery codes replaced', group: 'Sign-in' },
  'staff.created': { label: 'Staff member added', group: 'Staff' },
  'staff.deactivated': { label: 'Staff member deactivated', group: 'Staff' },
  'staff.reactivated': { label: 'Staff member reactivated', group: 'Staff' },
  'staff.role_changed': { label: 'Role changed', group: 'Staff' },
  'staff.password_reset': { label: 'Password reset', group: 'Staff' },
  'staff.unlocked': { label: 'Account unlocked', group: 'Staff' },
  'staff.two_factor_reset': { label: 'Two-factor reset', group: 'Staff' },
  'staff.enrolment_link_issued': { label: 'Enrolment link issued', group: 'Staff' },
  'staff.enrolment_link_refused': { label: 'Enrolment link refused', group: 'Staff' },
  'staff.enrolled': { label: 'Enrolment link used', group: 'Staff' },
  'staff.clinical_access_acknowledged': {
    label: 'New clinical access acknowledged',
    group: 'Staff',
  },
  'patient.view': { label: 'Record opened', group: 'Patients' },
  'patient.created': { label: 'Patient created', group: 'Patients' },
  'patient.updated': { label: 'Patient edited', group: 'Patients' },
  'patient.status_changed': { label: 'Status changed', group: 'Patients' },
  'patient.restricted': { label: 'Record restricted', group: 'Patients' },
  'patient.unrestricted': { label: 'Restriction lifted', group: 'Patients' },
  'patient.access_granted': { label: 'Access granted', group: 'Patients' },
  'patient.access_revoked': { label: 'Access revoked', group: 'Patients' },
  'record.restricted_refused': { label: 'Restricted record refused', group: 'Patients' },
  'record.break_glass': { label: 'Break-glass access', group: 'Patients' },
  'record.break_glass_reviewed': { label: 'Break-glass access reviewed', group: 'Patients' },
  'fracture.created': { label: 'Fracture added', group: 'Clinical records' },
  'fracture.updated': { label: 'Fracture edited', group: 'Clinical records' },
  'fracture.removed': { label: 'Fracture removed', group: 'Clinical records' },
  'imaging.ordered': { label: 'Imaging ordered', group: 'Clinical records' },
  'imaging.completed': { label: 'Imaging completed', group: 'Clinical records' },
  'imaging.finding_added': { label: 'Imaging report added', group: 'Clinical records' },
  'candidacy.decided': { label: 'Candidacy decided', group: 'Clinical records' },
  'procedure.scheduled': { label: 'Procedure scheduled', group: 'Clinical records' },
  'procedure.rescheduled': { label: 'Procedure rescheduled', group: 'Clinical records' },
  'procedure.cancelled': { label: 'Procedure cancelled', group: 'Clinical records' },
  'procedure.completed': { label: 'Procedure completed', group: 'Clinical records' },
  'procedure.amended': { label: 'Procedure amended', group: 'Clinical records' },
  'procedure.disposition_recorded': {
    label: 'Disposition or discharge recorded',
    group: 'Clinical records',
  },
  'adverse_event.recorded': { label: 'Adverse event recorded', group: 'Clinical records' },
  'follow_up.recorded': { label: 'Follow-up recorded', group: 'Clinical records' },
  'patient.export': { label: 'Candidates exported', group: 'Exports and imports' },
  'patient.import': { label: 'Referrals imported', group: 'Exports and imports' },
  'outcomes.export': { label: 'Outcomes exported', group: 'Exports and imports' },
  'audit.export': { label: 'Audit log exported', group: 'Exports and imports' },
  'access.denied': { label: 'Access refused', group: 'Access and integrity' },
  'audit.restored': { label: 'Database restored from a backup', group: 'Access and integrity' },
} as const satisfies Record<AuditAction, ActionLabel>

export const AUDIT_ACTIONS = Object.keys(ACTION_LABELS) as [AuditAction, ...AuditAction[]]

/** The Action filter's options, grouped in ACTION_GROUPS order. */
export const ACTION_OPTION_GROUPS: {
  group: ActionGroup
  options: { value: string; label: string }[]
}[] = ACTION_GROUPS.map((group) => ({
  group,
  options: AUDIT_ACTIONS.filter((action) => ACTION_LABELS[action].group === group).map(
    (action) => ({ value: action, label: ACTION_LABELS[action].label }),
  ),
}))

/** A stored action's readable name; an action no longer in the code shows as stored. */
export function actionLabel(action: string): string {
  return Object.hasOwn(ACTION_LABELS, action) ? ACTION_LABELS[action as AuditAction].label : action
}

/** The entity types the code writes today; the filter also lists any other type found in the log. */
export const ENTITY_LABELS: Record<string, string> = {
  patient: 'Patient',
  staff: 'Staff member',
  outcomes: 'Outcomes',
  audit_log: 'Audit log',
  page: 'Page',
  action: 'Server action',
  database: 'Database',
  access_grant: 'Break-glass access',
}

export function entityLabel(entityType: string): string {
  return Object.hasOwn(ENTITY_LABELS, entityType) ? ENTITY_LABELS[entityType]! : entityType
}
