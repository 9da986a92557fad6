'use client'

import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import { useActionForm } from '@/components/ui/use-action-form'
import type { FormAction } from '@/lib/action-result'
import { ROLE_LABELS } from '@/lib/staff/labels'
import type { ClinicalAccessGrantKind, StaffRole } from '@/lib/staff/types'

export interface NewClinicalAccessEntry {
  id: string
  memberName: string
  memberEmail: string
  kind: ClinicalAccessGrantKind
  role: StaffRole
  fromRole: StaffRole | null
  grantedBy: string
  /** Already formatted on the server (the clinic’s time zone). */
  grantedAt: string
}

interface NewClinicalAccessProps {
  entries: NewClinicalAccessEntry[]
  acknowledge: FormAction
}

/**
 * Physicians' Overview: every login an admin opened to patient data (a new clinical login, a
 * role change into a clinical role, a reactivation or a password reset) until a physician
 * acknowledges it.
 */
export function NewClinicalAccess({ entries, acknowledge }: NewClinicalAccessProps) {
  return (
    <section
      aria-labelledby="new-clinical-access-heading"
      className="flex flex-col gap-3 rounded-xl border border-amber-300 bg-amber-50 p-5"
    >
      <h2 id="new-clinical-access-heading" className="text-lg font-semibold">
        New clinical access
      </h2>
      {entries.length === 0 ? (
        <p className="text-sm text-slate-700">No new clinical access is waiting for review.</p>
      ) : (
        <>
          <p className="text-sm text-slate-700">
            These accounts can now read patient records. Check each one is expected, then
            acknowledge it; ask the clinic&apos;s administrators about any that is not.
          </p>
          <ul className="flex flex-col divide-y divide-amber-200 text-sm">
            {entries.map((entry) => (
              <Entry key={entry.id} entry={entry} acknowledge={acknowledge} />
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

function howOpened(entry: NewClinicalAccessEntry): string {
  switch (entry.kind) {
    case 'created':
      return 'New login'
    case 'role_changed':
      return entry.fromRole ? `Changed from ${ROLE_LABELS[entry.fromRole]}` : 'Role changed'
    case 'reactivated':
      return 'Reactivated'
    case 'password_reset':
      return 'Password reset (new enrolment link)'
  }
}

function Entry({ entry, acknowledge }: { entry: NewClinicalAccessEntry; acknowledge: FormAction }) {
  const { state, formAction, pending } = useActionForm(acknowledge)
  const id = `clinical-access-${entry.id}`
  return (
    <li aria-labelledby={id} className="flex flex-wrap items-center justify-between gap-3 py-2">
      <div>
        <p id={id} className="font-medium">
          {entry.memberName} ({entry.memberEmail}): {ROLE_LABELS[entry.role]}
        </p>
        <p className="text-slate-700">
          {howOpened(entry)} by {entry.grantedBy} on {entry.grantedAt}
        </p>
        <FormMessage state={state} />
      </div>
      <form action={formAction}>
        <input type="hidden" name="grantId" value={entry.id} />
        <Button type="submit" variant="secondary" disabled={pending} aria-describedby={id}>
          {pending ? 'Acknowledging…' : 'Acknowledge'}
        </Button>
      </form>
    </li>
  )
}
