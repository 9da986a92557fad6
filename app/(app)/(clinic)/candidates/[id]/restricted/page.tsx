import type { Metadata } from 'next'
import { notFound, redirect } from 'next/navigation'
import { ReasonForm } from '@/components/restricted/reason-form'
import { Page } from '@/components/ui/page'
import { BREAK_GLASS_MINUTES } from '@/lib/candidates/restricted'
import { restrictedRecordState } from '@/lib/candidates/record'
import { breakGlassAction } from './actions'

export const metadata: Metadata = { title: 'Restricted record' }

/** What a member who may not see a restricted record gets instead: no name, no MRN, no PHI. */
export default async function RestrictedRecordPage({
  params,
}: {
  params: Promise<{ id: string }>
}) {
  const { id } = await params
  const state = await restrictedRecordState(id)
  if (state === 'missing') notFound()
  if (state === 'open') redirect(`/candidates/${id}`)
  return (
    <Page title="Restricted record">
      <div className="flex max-w-2xl flex-col gap-4 rounded-xl border border-slate-200 bg-white p-5">
        <p className="text-sm">
          This record is restricted: only its assigned physician and the staff granted access may
          open it. In an emergency you may break the glass: you will see the record for{' '}
          {BREAK_GLASS_MINUTES} minutes, your reason is recorded, and an administrator reviews the
          access.
        </p>
        <ReasonForm
          action={breakGlassAction}
          hidden={{ patientId: id }}
          idPrefix="break-glass"
          reasonLabel="Reason for access"
          submitLabel="Break the glass"
        />
      </div>
    </Page>
  )
}
