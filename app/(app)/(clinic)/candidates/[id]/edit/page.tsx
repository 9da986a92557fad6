import type { Metadata } from 'next'
import { PatientForm } from '@/components/candidates/patient-form'
import { Page } from '@/components/ui/page'
import { todayIso } from '@/lib/dates'
import { listPhysicians } from '@/lib/candidates/list'
import { getPatientForEdit } from '@/lib/candidates/record'
import { updatePatientAction } from '../../actions'

export const metadata: Metadata = { title: 'Edit patient' }

export default async function EditPatientPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const { values, fullName, assignedPhysicianId } = await getPatientForEdit(id)
  // The current assignee stays listed even if inactive; new assignments need an active physician.
  const physicians = (await listPhysicians()).filter(
    (p) => p.active || p.id === assignedPhysicianId,
  )
  return (
    <Page title={`Edit ${fullName}`}>
      <PatientForm
        action={updatePatientAction}
        initialValues={values}
        physicians={physicians}
        cancelHref={`/candidates/${id}`}
        today={todayIso()}
      />
    </Page>
  )
}
