import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { z } from 'zod'
import { StaffRowActions } from '@/components/staff/staff-row-actions'
import { LockedText, StatusText } from '@/components/staff/staff-table'
import { Page } from '@/components/ui/page'
import { Cell, Row, Table } from '@/components/ui/table'
import { requireRole } from '@/lib/auth/session'
import { clinicTimeZone } from '@/lib/env'
import { clinicDateTime } from '@/lib/format'
import { ROLE_LABELS } from '@/lib/staff/labels'
import { getStaffMember, staffHistory } from '@/lib/staff/queries'
import { availableStaffActions } from '@/lib/staff/rules'
import { staffRowActions } from '../row-actions'

export const metadata: Metadata = { title: 'Staff member' }

/** One member: the account's state, the same actions as the list, and its recent history. */
export default async function StaffMemberPage({ params }: { params: Promise<{ id: string }> }) {
  const me = await requireRole('admin')
  const id = z.uuid().safeParse((await params).id)
  if (!id.success) notFound()
  const found = await getStaffMember(id.data)
  if (!found) notFound()
  const { member, activeAdmins } = found
  const history = await staffHistory(member.id)
  const facts: [string, React.ReactNode][] = [
    ['Email', member.email],
    ['Role', ROLE_LABELS[member.role]],
    ['Status', <StatusText key="status" row={member} />],
    ['Locked', <LockedText key="locked" row={member} timeZone={clinicTimeZone()} />],
    ['Two-factor sign-in', member.twoFactor ? 'On' : 'Off'],
    ['Last sign-in', member.lastLoginAt ? clinicDateTime(member.lastLoginAt) : 'Never'],
    ['Created', clinicDateTime(member.createdAt)],
  ]
  return (
    <Page
      title={member.id === me.id ? `${member.name} (you)` : member.name}
      actions={
        <Link href="/admin/staff" className="text-sm text-brand-700 underline">
          Back to staff
        </Link>
      }
    >
      <dl className="grid max-w-2xl grid-cols-[auto_1fr] gap-x-6 gap-y-2 rounded-xl border border-slate-200 bg-white p-4 text-sm">
        {facts.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="font-medium text-slate-700">{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <section aria-labelledby="staff-actions-heading" className="flex flex-col gap-2">
        <h2 id="staff-actions-heading" className="text-lg font-semibold">
          Actions
        </h2>
        <StaffRowActions
          member={member}
          allowed={availableStaffActions(member, me.id, activeAdmins)}
          actions={staffRowActions}
        />
      </section>
      <section aria-labelledby="staff-history-heading" className="flex flex-col gap-2">
        <h2 id="staff-history-heading" className="text-lg font-semibold">
          History
        </h2>
        <Table
          caption="The 50 newest audit entries about this account"
          headers={['Time', 'By', 'Action', 'Address', 'Changed']}
          empty="Nothing recorded yet."
          rowCount={history.length}
        >
          {history.map((entry) => (
            <Row key={entry.id}>
              <Cell className="whitespace-nowrap tabular-nums">
                {clinicDateTime(entry.occurredAt)}
              </Cell>
              <Cell>{entry.actorEmail ?? '—'}</Cell>
              <Cell className="font-mono text-xs">{entry.action}</Cell>
              <Cell>{entry.ipAddress ?? '—'}</Cell>
              <Cell>{changedFields(entry.details)}</Cell>
            </Row>
          ))}
        </Table>
      </section>
    </Page>
  )
}

function changedFields(details: Record<string, unknown> | null): string {
  const changed = details?.changed
  return Array.isArray(changed) && changed.length ? changed.join(', ') : '—'
}
