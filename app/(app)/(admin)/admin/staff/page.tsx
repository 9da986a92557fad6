import type { Metadata } from 'next'
import { DeactivateButton } from '@/components/staff/deactivate-button'
import { Page } from '@/components/ui/page'
import { Cell, Row, Table } from '@/components/ui/table'
import { requireRole } from '@/lib/auth/session'
import { formatDateTimeUtc } from '@/lib/format'
import { ROLE_LABELS } from '@/lib/navigation'
import { listStaff } from '@/lib/staff/queries'
import { deactivateStaffAction } from './actions'

export const metadata: Metadata = { title: 'Staff' }

export default async function StaffPage() {
  const me = await requireRole('admin')
  const members = await listStaff()
  const now = new Date()
  return (
    <Page title="Staff">
      <Table
        headers={['Name', 'Email', 'Role', 'Status', 'Last sign-in (UTC)', '']}
        rowCount={members.length}
      >
        {members.map((member) => {
          const locked = member.lockedUntil !== null && member.lockedUntil > now
          return (
            <Row key={member.id}>
              <Cell className="font-medium">{member.name}</Cell>
              <Cell>{member.email}</Cell>
              <Cell>{ROLE_LABELS[member.role]}</Cell>
              <Cell>{!member.active ? 'Inactive' : locked ? 'Locked' : 'Active'}</Cell>
              <Cell className="tabular-nums">
                {member.lastLoginAt ? formatDateTimeUtc(member.lastLoginAt) : 'Never'}
              </Cell>
              <Cell>
                {member.active && member.id !== me.id ? (
                  <DeactivateButton
                    staffId={member.id}
                    staffName={member.name}
                    action={deactivateStaffAction}
                  />
                ) : null}
              </Cell>
            </Row>
          )
        })}
      </Table>
    </Page>
  )
}
