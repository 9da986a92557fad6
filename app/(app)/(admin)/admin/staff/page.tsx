import type { Metadata } from 'next'
import { DeactivateButton } from '@/components/staff/deactivate-button'
import { requireRole } from '@/lib/auth/session'
import { ROLE_LABELS } from '@/lib/navigation'
import { listStaff } from '@/lib/staff/queries'
import { deactivateStaffAction } from './actions'

export const metadata: Metadata = { title: 'Staff' }

const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
})

export default async function StaffPage() {
  const me = await requireRole('admin')
  const members = await listStaff()
  const now = new Date()
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Staff</h1>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className="px-4 py-2">
                Name
              </th>
              <th scope="col" className="px-4 py-2">
                Email
              </th>
              <th scope="col" className="px-4 py-2">
                Role
              </th>
              <th scope="col" className="px-4 py-2">
                Status
              </th>
              <th scope="col" className="px-4 py-2">
                Last sign-in (UTC)
              </th>
              <th scope="col" className="px-4 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((member) => {
              const locked = member.lockedUntil !== null && member.lockedUntil > now
              return (
                <tr key={member.id} className="border-t border-slate-100">
                  <td className="px-4 py-2 font-medium">{member.name}</td>
                  <td className="px-4 py-2">{member.email}</td>
                  <td className="px-4 py-2">{ROLE_LABELS[member.role]}</td>
                  <td className="px-4 py-2">
                    {!member.active ? 'Inactive' : locked ? 'Locked' : 'Active'}
                  </td>
                  <td className="px-4 py-2 tabular-nums">
                    {member.lastLoginAt ? dateTime.format(member.lastLoginAt) : 'Never'}
                  </td>
                  <td className="px-4 py-2">
                    {member.active && member.id !== me.id ? (
                      <DeactivateButton
                        staffId={member.id}
                        staffName={member.name}
                        action={deactivateStaffAction}
                      />
                    ) : null}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </div>
  )
}
