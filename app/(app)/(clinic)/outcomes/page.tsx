import type { Metadata } from 'next'
import { EmptyState } from '@/components/ui/empty-state'
import { Page } from '@/components/ui/page'
import { requireRole } from '@/lib/auth/session'

export const metadata: Metadata = { title: 'Outcomes' }

export default async function OutcomesPage() {
  await requireRole('coordinator', 'physician')
  return (
    <Page title="Outcomes">
      <EmptyState>Outcome charts appear once treated patients have follow-up scores.</EmptyState>
    </Page>
  )
}
