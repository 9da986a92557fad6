import type { Metadata } from 'next'
import { ActionButton } from '@/components/restricted/reason-form'
import { Page } from '@/components/ui/page'
import { listPendingAccessReviews } from '@/lib/access-reviews/reviews'
import { requireRole } from '@/lib/auth/session'
import { markAccessReviewedAction } from './actions'

export const metadata: Metadata = { title: 'Access reviews' }

const time = (value: Date) => `${value.toISOString().slice(0, 16).replace('T', ' ')} UTC`

/** Break-glass accesses awaiting an admin's review: who, when, why, which record (by id only). */
export default async function AccessReviewsPage() {
  await requireRole('admin')
  const reviews = await listPendingAccessReviews()
  return (
    <Page title="Access reviews">
      {reviews.length === 0 ? (
        <p className="text-sm text-slate-700">No break-glass access is waiting for review.</p>
      ) : (
        <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Break-glass accesses awaiting review</caption>
            <thead className="bg-slate-50 text-slate-700">
              <tr>
                <th scope="col" className="px-3 py-2">
                  Who
                </th>
                <th scope="col" className="px-3 py-2">
                  When
                </th>
                <th scope="col" className="px-3 py-2">
                  Until
                </th>
                <th scope="col" className="px-3 py-2">
                  Reason
                </th>
                <th scope="col" className="px-3 py-2">
                  Record
                </th>
                <th scope="col" className="px-3 py-2">
                  Review
                </th>
              </tr>
            </thead>
            <tbody>
              {reviews.map((review) => (
                <tr key={review.id} className="border-t border-slate-200 align-top">
                  <td className="px-3 py-2">
                    {review.memberName}
                    <div className="text-slate-600">{review.memberEmail}</div>
                  </td>
                  <td className="px-3 py-2">{time(review.grantedAt)}</td>
                  <td className="px-3 py-2">{time(review.expiresAt)}</td>
                  <td className="px-3 py-2">{review.reason}</td>
                  <td className="px-3 py-2 font-mono text-xs">{review.patientId}</td>
                  <td className="px-3 py-2">
                    <ActionButton
                      action={markAccessReviewedAction}
                      hidden={{ grantId: review.id }}
                      label="Mark reviewed"
                      ariaLabel={`Mark reviewed: ${review.memberName} at ${time(review.grantedAt)}`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  )
}
