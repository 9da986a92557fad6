import type { Metadata } from 'next'
import { requireRole } from '@/lib/auth/session'
import { recentReferrals } from '@/lib/patients/queries'
import { STATUS_LABELS } from '@/lib/patients/statuses'

export const metadata: Metadata = { title: 'Candidates' }

export default async function CandidatesPage() {
  await requireRole('coordinator', 'physician')
  const rows = await recentReferrals()
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Candidates</h1>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <caption className="px-4 py-3 text-left text-slate-600">Newest referrals</caption>
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className="px-4 py-2">
                Name
              </th>
              <th scope="col" className="px-4 py-2">
                MRN
              </th>
              <th scope="col" className="px-4 py-2">
                Referral date
              </th>
              <th scope="col" className="px-4 py-2">
                Status
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={4} className="px-4 py-6 text-center text-slate-600">
                  No candidates yet.
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr key={row.id} className="border-t border-slate-100">
                  <td className="px-4 py-2">{row.name}</td>
                  <td className="px-4 py-2 font-mono">{row.mrn}</td>
                  <td className="px-4 py-2 tabular-nums">{row.referralDate}</td>
                  <td className="px-4 py-2">{STATUS_LABELS[row.status]}</td>
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </div>
  )
}
