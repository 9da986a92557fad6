import { ActionButton, ReasonForm } from '@/components/restricted/reason-form'
import { Disclosure } from '@/components/ui/disclosure'
import type { FormAction } from '@/lib/action-result'
import type { PatientRecord } from '@/lib/candidates/record-model'
import { clinicDateTime } from '@/lib/format'

interface AccessSectionProps {
  patientId: string
  access: PatientRecord['access']
  restriction: PatientRecord['restriction']
  members: { id: string; name: string }[]
  actions: { restrict: FormAction; unrestrict: FormAction; grant: FormAction; revoke: FormAction }
}

/** Who may see this record: restrict it, or (for those who manage it) grant, revoke, lift. */
export function AccessSection({
  patientId,
  access,
  restriction,
  members,
  actions,
}: AccessSectionProps) {
  if (access.kind === 'break_glass') {
    return (
      <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
        Restricted record: you opened it by breaking the glass. Your access ends at{' '}
        {clinicDateTime(access.until)} and is reviewed by an administrator.
      </p>
    )
  }
  if (access.kind !== 'open') return null
  if (!restriction.restricted) {
    return (
      <Disclosure label="Restrict record" variant="secondary">
        <ReasonForm
          action={actions.restrict}
          hidden={{ patientId }}
          idPrefix="restrict"
          reasonLabel="Reason for restricting"
          submitLabel="Save restriction"
          hint="Only the assigned physician and the members granted access will see this record; you keep access."
        />
      </Disclosure>
    )
  }
  return (
    <div className="flex flex-col gap-3 text-sm">
      <p>
        <strong>Restricted record.</strong> Reason: {restriction.reason}
      </p>
      <ul className="flex flex-col gap-2" aria-label="Members with access">
        {restriction.grants.map((grant) => (
          <li key={grant.id} className="flex flex-wrap items-center gap-3">
            <span>
              {grant.memberName} ·{' '}
              {grant.kind === 'break_glass'
                ? `broke the glass, until ${clinicDateTime(grant.expiresAt!)}`
                : 'granted'}
              : {grant.reason}
            </span>
            {access.mayManage ? (
              <ActionButton
                action={actions.revoke}
                hidden={{ grantId: grant.id }}
                label="Revoke"
                ariaLabel={`Revoke access of ${grant.memberName}`}
              />
            ) : null}
          </li>
        ))}
      </ul>
      {access.mayManage ? (
        <div className="flex flex-wrap gap-3">
          <Disclosure label="Grant access" variant="secondary">
            <ReasonForm
              action={actions.grant}
              hidden={{ patientId }}
              idPrefix="grant"
              members={members}
              reasonLabel="Reason for granting"
              submitLabel="Save grant"
            />
          </Disclosure>
          <Disclosure label="Lift restriction" variant="secondary">
            <ReasonForm
              action={actions.unrestrict}
              hidden={{ patientId }}
              idPrefix="unrestrict"
              reasonLabel="Reason for lifting"
              submitLabel="Confirm lifting"
            />
          </Disclosure>
        </div>
      ) : null}
    </div>
  )
}
