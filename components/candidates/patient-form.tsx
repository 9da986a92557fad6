'use client'

import Link from 'next/link'
import { useActionState } from 'react'
import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import { optionsFrom, SelectField } from '@/components/ui/select-field'
import { TextField } from '@/components/ui/text-field'
import { idleActionState, type ActionResult } from '@/lib/action-result'
import { ETIOLOGY_LABELS, SEX_LABELS } from '@/lib/candidates/labels'

interface PatientFormProps {
  action: (previous: ActionResult, formData: FormData) => Promise<ActionResult>
  /** The saved record (edit) or nothing (new). */
  initialValues?: Record<string, string>
  physicians: { id: string; name: string }[]
  cancelHref: string
  today: string
}

export function PatientForm({
  action,
  initialValues = {},
  physicians,
  cancelHref,
  today,
}: PatientFormProps) {
  const [state, formAction, pending] = useActionState(action, idleActionState)
  // After a refused save the form shows what was typed (or, after a lost race, the current record).
  const values = (!state.ok && state.values) || initialValues
  const errors = state.ok ? {} : (state.fieldErrors ?? {})
  // A new key remounts the inputs so their defaults follow `values` after each submit.
  const formKey = JSON.stringify(values)
  return (
    <form action={formAction} className="flex max-w-3xl flex-col gap-5" noValidate>
      <FormMessage state={state} />
      <div key={formKey} className="grid gap-4 sm:grid-cols-2">
        {values.id ? <input type="hidden" name="id" value={values.id} /> : null}
        {values.version ? <input type="hidden" name="version" value={values.version} /> : null}
        <TextField
          name="mrn"
          label="MRN"
          required
          autoComplete="off"
          defaultValue={values.mrn}
          errors={errors.mrn}
          hint="4–20 letters or digits"
        />
        <TextField
          name="phone"
          label="Phone"
          type="tel"
          autoComplete="off"
          defaultValue={values.phone}
          errors={errors.phone}
        />
        <TextField
          name="firstName"
          label="First name"
          required
          autoComplete="off"
          defaultValue={values.firstName}
          errors={errors.firstName}
        />
        <TextField
          name="lastName"
          label="Last name"
          required
          autoComplete="off"
          defaultValue={values.lastName}
          errors={errors.lastName}
        />
        <TextField
          name="dateOfBirth"
          label="Date of birth"
          type="date"
          required
          max={today}
          defaultValue={values.dateOfBirth}
          errors={errors.dateOfBirth}
        />
        <SelectField
          name="sex"
          label="Sex"
          placeholder="Choose…"
          options={optionsFrom(SEX_LABELS)}
          defaultValue={values.sex ?? ''}
          errors={errors.sex}
        />
        <TextField
          name="referralDate"
          label="Referral date"
          type="date"
          required
          max={today}
          defaultValue={values.referralDate ?? today}
          errors={errors.referralDate}
        />
        <TextField
          name="referringPhysician"
          label="Referring physician"
          required
          defaultValue={values.referringPhysician}
          errors={errors.referringPhysician}
        />
        <SelectField
          name="etiology"
          label="Etiology"
          placeholder="Choose…"
          options={optionsFrom(ETIOLOGY_LABELS)}
          defaultValue={values.etiology ?? ''}
          errors={errors.etiology}
        />
        <SelectField
          name="assignedPhysicianId"
          label="Assigned physician"
          placeholder="Choose…"
          options={physicians.map((p) => ({ value: p.id, label: p.name }))}
          defaultValue={values.assignedPhysicianId ?? ''}
          errors={errors.assignedPhysicianId}
        />
        <TextField
          name="painOnsetDate"
          label="Pain onset date"
          type="date"
          max={today}
          defaultValue={values.painOnsetDate}
          errors={errors.painOnsetDate}
        />
      </div>
      <div className="flex gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? 'Saving…' : 'Save candidate'}
        </Button>
        <Link
          href={cancelHref}
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100"
        >
          Cancel
        </Link>
      </div>
    </form>
  )
}
