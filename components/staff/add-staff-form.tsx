'use client'

import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import { optionsFrom, SelectField } from '@/components/ui/select-field'
import { TextField } from '@/components/ui/text-field'
import { useActionForm } from '@/components/ui/use-action-form'
import { ROLE_LABELS } from '@/lib/staff/labels'
import type { EnrolmentLinkAction } from '@/lib/staff/types'
import { EnrolmentLink } from './enrolment-link'

interface AddStaffFormProps {
  action: EnrolmentLinkAction
}

/** "Add staff member": a new login, and the link with which the member sets their password. */
export function AddStaffForm({ action }: AddStaffFormProps) {
  const { state, formAction, pending, fieldsKey, errors, value } = useActionForm(action)
  return (
    <section
      aria-labelledby="add-staff-heading"
      className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-4"
    >
      <h2 id="add-staff-heading" className="text-lg font-semibold">
        Add staff member
      </h2>
      <FormMessage state={state} />
      {state.ok && state.data?.enrolmentLink ? (
        <EnrolmentLink path={state.data.enrolmentLink} id="add-staff-enrolment-link" />
      ) : null}
      <form
        key={fieldsKey}
        action={formAction}
        className="flex flex-wrap items-start gap-3"
        noValidate
      >
        <TextField
          id="add-staff-name"
          name="name"
          label="Name"
          autoComplete="off"
          className="min-w-48 flex-1"
          defaultValue={value('name')}
          errors={errors('name')}
        />
        <TextField
          id="add-staff-email"
          name="email"
          label="Email"
          type="email"
          autoComplete="off"
          className="min-w-56 flex-1"
          defaultValue={value('email')}
          errors={errors('email')}
        />
        <SelectField
          id="add-staff-role"
          name="role"
          label="Role"
          placeholder="Choose…"
          options={optionsFrom(ROLE_LABELS)}
          defaultValue={value('role', '')}
          errors={errors('role')}
        />
        <Button type="submit" disabled={pending} className="mt-6">
          {pending ? 'Adding…' : 'Add staff member'}
        </Button>
      </form>
    </section>
  )
}
