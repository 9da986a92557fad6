import type { Metadata } from 'next'
import { EmptyState } from '@/components/ui/empty-state'
import { Page } from '@/components/ui/page'
import { requireRole } from '@/lib/auth/session'

export const metadata: Metadata = { title: 'Procedures' }

export default async function ProceduresPage() {
  await requireRole('coordinator', 'physician')
  return (
    <Page title="Procedures">
      <EmptyState>No procedures have been recorded yet.</EmptyState>
    </Page>
  )
}
