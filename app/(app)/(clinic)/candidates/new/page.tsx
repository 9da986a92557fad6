import type { Metadata } from 'next'
import { PatientForm } from '@/components/candidates/patient-form'
import { Page } from '@/components/ui/page'
import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import { todayIso } from '@/lib/dates'
import { listPhysicians } from '@/lib/candidates/list'
import { createPatientAction } from '../actions'

export const metadata: Metadata = { title: 'New candidate' }

export default async function NewCandidatePage() {
  await requireRole(...CLINICAL_ROLES)
  const physicians = (await listPhysicians()).filter((physician) => physician.active)
  return (
    <Page title="New candidate">
      <PatientForm
        action={createPatientAction}
        physicians={physicians}
        cancelHref="/candidates"
        today={todayIso()}
      />
    </Page>
  )
}
