import type { Metadata } from 'next'
import { Page } from '@/components/ui/page'
import { Cell, Row, Table } from '@/components/ui/table'
import { requireRole } from '@/lib/auth/session'
import { formatDateTimeUtc } from '@/lib/format'
import { recentAuditEntries } from '@/lib/staff/queries'

export const metadata: Metadata = { title: 'Audit log' }

export default async function AuditLogPage() {
  await requireRole('admin')
  const entries = await recentAuditEntries()
  return (
    <Page title="Audit log">
      <Table
        caption="The 100 newest entries"
        headers={['Time (UTC)', 'User', 'Action', 'Entity', 'Address', 'Details']}
        empty="No entries yet."
        rowCount={entries.length}
      >
        {entries.map((entry) => (
          <Row key={entry.id}>
            <Cell className="whitespace-nowrap tabular-nums">
              {formatDateTimeUtc(entry.occurredAt)}
            </Cell>
            <Cell>{entry.actorEmail ?? '—'}</Cell>
            <Cell className="font-mono text-xs">{entry.action}</Cell>
            <Cell>
              {entry.entityType}
              {entry.entityId ? (
                <span className="block font-mono text-xs text-slate-500">{entry.entityId}</span>
              ) : null}
            </Cell>
            <Cell className="font-mono text-xs">{entry.ipAddress ?? '—'}</Cell>
            <Cell className="font-mono text-xs">
              {entry.details ? JSON.stringify(entry.details) : ''}
            </Cell>
          </Row>
        ))}
      </Table>
    </Page>
  )
}
