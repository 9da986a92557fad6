import type { Metadata } from 'next'
import { Page } from '@/components/ui/page'
import { Cell, Row, Table } from '@/components/ui/table'
import { requireRole } from '@/lib/auth/session'
import { recentReferrals } from '@/lib/patients/queries'
import { STATUS_LABELS } from '@/lib/patients/statuses'

export const metadata: Metadata = { title: 'Candidates' }

export default async function CandidatesPage() {
  await requireRole('coordinator', 'physician')
  const rows = await recentReferrals()
  return (
    <Page title="Candidates">
      <Table
        caption="Newest referrals"
        headers={['Name', 'MRN', 'Referral date', 'Status']}
        empty="No candidates yet."
        rowCount={rows.length}
      >
        {rows.map((row) => (
          <Row key={row.id}>
            <Cell>{row.name}</Cell>
            <Cell className="font-mono">{row.mrn}</Cell>
            <Cell className="tabular-nums">{row.referralDate}</Cell>
            <Cell>{STATUS_LABELS[row.status]}</Cell>
          </Row>
        ))}
      </Table>
    </Page>
  )
}
