import type { Metadata } from 'next'
import { EmptyState } from '@/components/ui/empty-state'
import { requireRole } from '@/lib/auth/session'

export const metadata: Metadata = { title: 'Procedures' }

export default async function ProceduresPage() {
  await requireRole('coordinator', 'physician')
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Procedures</h1>
      <EmptyState>No procedures have been recorded yet.</EmptyState>
    </div>
  )
}
