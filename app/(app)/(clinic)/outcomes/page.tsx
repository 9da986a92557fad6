import type { Metadata } from 'next'
import { EmptyState } from '@/components/ui/empty-state'
import { requireRole } from '@/lib/auth/session'

export const metadata: Metadata = { title: 'Outcomes' }

export default async function OutcomesPage() {
  await requireRole('coordinator', 'physician')
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Outcomes</h1>
      <EmptyState>Outcome charts appear once treated patients have follow-up scores.</EmptyState>
    </div>
  )
}
