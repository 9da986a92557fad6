import type { Metadata } from 'next'
import { requireRole } from '@/lib/auth/session'
import { recentAuditEntries } from '@/lib/staff/queries'

export const metadata: Metadata = { title: 'Audit log' }

const dateTime = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'medium',
  timeZone: 'UTC',
})

export default async function AuditLogPage() {
  await requireRole('admin')
  const entries = await recentAuditEntries()
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="px-4 py-3 text-left text-slate-600">The 100 newest entries</caption>
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className="px-4 py-2">
                Time (UTC)
              </th>
              <th scope="col" className="px-4 py-2">
                User
              </th>
              <th scope="col" className="px-4 py-2">
                Action
              </th>
              <th scope="col" className="px-4 py-2">
                Entity
              </th>
              <th scope="col" className="px-4 py-2">
                Address
              </th>
              <th scope="col" className="px-4 py-2">
                Details
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.id} className="border-t border-slate-100 align-top">
                <td className="whitespace-nowrap px-4 py-2 tabular-nums">
                  {dateTime.format(entry.occurredAt)}
                </td>
                <td className="px-4 py-2">{entry.actorEmail ?? '—'}</td>
                <td className="px-4 py-2 font-mono text-xs">{entry.action}</td>
                <td className="px-4 py-2">
                  {entry.entityType}
                  {entry.entityId ? (
                    <span className="block font-mono text-xs text-slate-500">{entry.entityId}</span>
                  ) : null}
                </td>
                <td className="px-4 py-2 font-mono text-xs">{entry.ipAddress ?? '—'}</td>
                <td className="px-4 py-2 font-mono text-xs">
                  {entry.details ? JSON.stringify(entry.details) : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  )
}
