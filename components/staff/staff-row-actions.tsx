'use client'

import { Dialog } from 'radix-ui'
import { Fragment, useEffect, useId, useState } from 'react'
import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import { optionsFrom, SelectField } from '@/components/ui/select-field'
import { useActionForm } from '@/components/ui/use-action-form'
import type { FormAction } from '@/lib/action-result'
import { ROLE_LABELS } from '@/lib/staff/labels'
import type { availableStaffActions } from '@/lib/staff/rules'
import type { EnrolmentLinkAction, StaffRole, StaffRowActionSet } from '@/lib/staff/types'
import { ActionDialog } from './action-dialog'
import { EnrolmentLink } from './enrolment-link'

interface StaffMemberRef {
  id: string
  name: string
  role: StaffRole
}

interface StaffRowActionsProps {
  member: StaffMemberRef
  allowed: ReturnType<typeof availableStaffActions>
  actions: StaffRowActionSet
  /** The id of the element that names the member (the row's name cell). */
  describedBy?: string
}

/**
 * The admin's actions on one member. Each is its own form with its own result; the page hides
 * what the server would refuse (lib/staff/rules.ts), and the server refuses it all the same.
 */
export function StaffRowActions({ member, allowed, actions, describedBy }: StaffRowActionsProps) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      {allowed.changeRole ? (
        <ChangeRoleDialog member={member} action={actions.changeRole} describedBy={describedBy} />
      ) : null}
      {allowed.resetPassword ? (
        <ResetPasswordDialog
          member={member}
          action={actions.resetPassword}
          describedBy={describedBy}
        />
      ) : null}
      {ONE_CLICK_ACTIONS.map(({ key, label }) =>
        allowed[key] ? (
          <ActionButton
            key={key}
            label={label}
            staffId={member.id}
            action={actions[key]}
            describedBy={describedBy}
          />
        ) : null,
      )}
    </div>
  )
}

/** The one-click changes, in the order they show after the two dialogs. */
const ONE_CLICK_ACTIONS = [
  { key: 'unlock', label: 'Unlock' },
  { key: 'resetTwoFactor', label: 'Reset two-factor' },
  { key: 'deactivate', label: 'Deactivate' },
  { key: 'reactivate', label: 'Reactivate' },
] as const satisfies readonly { key: keyof StaffRowActionSet; label: string }[]

interface ActionButtonProps {
  label: string
  staffId: string
  action: FormAction
  describedBy: string | undefined
}

/** A one-click change (unlock, deactivate, reactivate; a reset two-factor is set up again). */
function ActionButton({ label, staffId, action, describedBy }: ActionButtonProps) {
  const { state, formAction, pending } = useActionForm(action, { refreshOnRefusal: true })
  return (
    <form action={formAction} className="flex items-center gap-2">
      <input type="hidden" name="staffId" value={staffId} />
      <Button type="submit" variant="secondary" disabled={pending} aria-describedby={describedBy}>
        {label}
      </Button>
      {!state.ok ? (
        <span role="alert" className="text-sm text-red-700">
          {state.message}
        </span>
      ) : null}
    </form>
  )
}

interface DialogProps<A> {
  member: StaffMemberRef
  action: A
  describedBy: string | undefined
}

function ChangeRoleDialog({ member, action, describedBy }: DialogProps<FormAction>) {
  const [open, setOpen] = useState(false)
  return (
    <ActionDialog
      label="Change role"
      title={`Change role: ${member.name}`}
      description="Their open sessions end, so the new role applies from their next sign-in."
      open={open}
      onOpenChange={setOpen}
      describedBy={describedBy}
    >
      <ChangeRoleForm member={member} action={action} onDone={() => setOpen(false)} />
    </ActionDialog>
  )
}

function ChangeRoleForm({
  member,
  action,
  onDone,
}: {
  member: StaffMemberRef
  action: FormAction
  onDone: () => void
}) {
  // A refusal that is not about the field (changed meanwhile) refreshes the row behind.
  const { state, formAction, pending, fieldsKey, errors, value } = useActionForm(action, {
    refreshOnRefusal: true,
  })
  useEffect(() => {
    if (state.ok && state.message) onDone()
  }, [state, onDone])
  const id = useId()
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="staffId" value={member.id} />
      {/* The role the admin saw: a change made meanwhile by someone else is not overwritten. */}
      <input type="hidden" name="currentRole" value={member.role} />
      <Fragment key={fieldsKey}>
        <SelectField
          id={`${id}-role`}
          name="role"
          label="Role"
          options={optionsFrom(ROLE_LABELS)}
          defaultValue={value('role', member.role)}
          errors={errors('role')}
        />
      </Fragment>
      <div className="flex justify-end gap-2">
        <Dialog.Close asChild>
          <Button variant="secondary">Cancel</Button>
        </Dialog.Close>
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save role'}
        </Button>
      </div>
    </form>
  )
}

function ResetPasswordDialog({ member, action, describedBy }: DialogProps<EnrolmentLinkAction>) {
  const [open, setOpen] = useState(false)
  return (
    <ActionDialog
      label="Reset password"
      title={`Reset password: ${member.name}`}
      description="Issues a single-use link with which they set a new password. Their open sessions end and any lockout is cleared."
      open={open}
      onOpenChange={setOpen}
      describedBy={describedBy}
    >
      <ResetPasswordForm member={member} action={action} />
    </ActionDialog>
  )
}

function ResetPasswordForm({
  member,
  action,
}: {
  member: StaffMemberRef
  action: EnrolmentLinkAction
}) {
  const { state, formAction, pending } = useActionForm(action, { refreshOnRefusal: true })
  const id = useId()
  if (state.ok && state.message) {
    return (
      <div className="flex flex-col gap-4">
        <FormMessage state={state} />
        {state.data?.enrolmentLink ? (
          <EnrolmentLink path={state.data.enrolmentLink} id={`${id}-enrolment-link`} />
        ) : null}
        <div className="flex justify-end">
          <Dialog.Close asChild>
            <Button>Done</Button>
          </Dialog.Close>
        </div>
      </div>
    )
  }
  return (
    <form action={formAction} className="flex flex-col gap-4" noValidate>
      <FormMessage state={state} />
      <input type="hidden" name="staffId" value={member.id} />
      <p className="text-sm text-slate-700">
        {member.name}&apos;s password stops working and their open sessions end. You get a
        single-use link (valid 24 hours) with which they set a new one; older links stop working.
      </p>
      <div className="flex justify-end gap-2">
        <Dialog.Close asChild>
          <Button variant="secondary">Cancel</Button>
        </Dialog.Close>
        <Button type="submit" disabled={pending}>
          {pending ? 'Resetting…' : 'Reset password and issue link'}
        </Button>
      </div>
    </form>
  )
}
