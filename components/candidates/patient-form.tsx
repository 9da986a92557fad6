'use client'

import Link from 'next/link'
import { Button } from '@/components/ui/button'
import { FormMessage } from '@/components/ui/form-message'
import { optionsFrom, SelectField } from '@/components/ui/select-field'
import { TextField } from '@/components/ui/text-field'
import { useActionForm } from '@/components/ui/use-action-form'
import type { FormAction } from '@/lib/action-result'
import { ETIOLOGY_LABELS, SEX_LABELS } from '@/lib/candidates/labels'

interface PatientFormProps {
  action: FormAction
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
  // After a lost race the action sends the current record back as what to show.
  const form = useActionForm(action)
  const { state, formAction, pending, errors } = form
  const value = (name: string) => form.value(name, initialValues[name])
  const [id, version] = [value('id'), value('version')]
  return (
    <form action={formAction} className="flex max-w-3xl flex-col gap-5" noValidate>
      <FormMessage state={state} />
      <div key={form.fieldsKey} className="grid gap-4 sm:grid-cols-2">
        {id ? <input type="hidden" name="id" value={id} /> : null}
        {version ? <input type="hidden" name="version" value={version} /> : null}
        <TextField
          name="mrn"
          label="MRN"
          required
          autoComplete="off"
          defaultValue={value('mrn')}
          errors={errors('mrn')}
          hint="4–20 letters or digits"
        />
        <TextField
          name="phone"
          label="Phone"
          type="tel"
          autoComplete="off"
          defaultValue={value('phone')}
          errors={errors('phone')}
        />
        <TextField
          name="firstName"
          label="First name"
          required
          autoComplete="off"
          defaultValue={value('firstName')}
          errors={errors('firstName')}
        />
        <TextField
          name="lastName"
          label="Last name"
          required
          autoComplete="off"
          defaultValue={value('lastName')}
          errors={errors('lastName')}
        />
        <TextField
          name="dateOfBirth"
          label="Date of birth"
          type="date"
          required
          max={today}
          defaultValue={value('dateOfBirth')}
          errors={errors('dateOfBirth')}
        />
        <SelectField
          name="sex"
          label="Sex"
          placeholder="Choose…"
          options={optionsFrom(SEX_LABELS)}
          defaultValue={value('sex') ?? ''}
          errors={errors('sex')}
        />
        <TextField
          name="referralDate"
          label="Referral date"
          type="date"
          required
          max={today}
          defaultValue={value('referralDate') ?? today}
          errors={errors('referralDate')}
        />
        <TextField
          name="referringPhysician"
          label="Referring physician"
          required
          defaultValue={value('referringPhysician')}
          errors={errors('referringPhysician')}
        />
        <SelectField
          name="etiology"
          label="Etiology"
          placeholder="Choose…"
          options={optionsFrom(ETIOLOGY_LABELS)}
          defaultValue={value('etiology') ?? ''}
          errors={errors('etiology')}
        />
        <SelectField
          name="assignedPhysicianId"
          label="Assigned physician"
          placeholder="Choose…"
          options={physicians.map((p) => ({ value: p.id, label: p.name }))}
          defaultValue={value('assignedPhysicianId') ?? ''}
          errors={errors('assignedPhysicianId')}
        />
        <TextField
          name="painOnsetDate"
          label="Pain onset date"
          type="date"
          max={today}
          defaultValue={value('painOnsetDate')}
          errors={errors('painOnsetDate')}
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
