import type { Metadata } from 'next'
import Link from 'next/link'
import { Page } from '@/components/ui/page'
import { redirect } from 'next/navigation'
import { homePathFor, requireStaff } from '@/lib/auth/session'
import { Worklist } from '@/components/overview/worklist'
import { NewClinicalAccess } from '@/components/overview/new-clinical-access'
import { formatDate } from '@/lib/clinic-time'
import { todayIso } from '@/lib/dates'
import { clinicTimeZone } from '@/lib/env'
import { clinicDateTime } from '@/lib/format'
import { STATUS_LABELS } from '@/lib/candidates/labels'
import { visiblePatientsByStatus } from '@/lib/overview/status-counts'
import { overviewWorklists } from '@/lib/overview/worklists'
import { listPendingClinicalAccess } from '@/lib/staff/clinical-access'
import { recordDispositionAction } from './candidates/[id]/actions'
import { acknowledgeClinicalAccessAction } from './actions'

export const metadata: Metadata = { title: 'Overview' }

export default async function OverviewPage() {
  const me = await requireStaff()
  // The admin's home is staff management; Overview holds PHI for clinical roles.
  if (me.role === 'admin') redirect(homePathFor(me.role))
  const [{ byStatus, total }, worklists, newClinicalAccess] = await Promise.all([
    visiblePatientsByStatus(),
    overviewWorklists(),
    // Physicians review who was given access to patient data.
    me.role === 'physician' ? listPendingClinicalAccess() : null,
  ])
  return (
    <Page title="Overview">
      {newClinicalAccess ? (
        <NewClinicalAccess
          acknowledge={acknowledgeClinicalAccessAction}
          entries={newClinicalAccess.map((grant) => ({
            id: grant.id,
            memberName: grant.memberName,
            memberEmail: grant.memberEmail,
            kind: grant.kind,
            role: grant.role,
            fromRole: grant.fromRole,
            grantedBy: grant.grantedByName
              ? `${grant.grantedByName} (${grant.grantedByEmail})`
              : grant.grantedByEmail,
            grantedAt: clinicDateTime(grant.grantedAt),
          }))}
        />
      ) : null}
      <div className="grid gap-4 lg:grid-cols-2">
        <Worklist
          title="Scheduled this week"
          {...worklists.scheduledThisWeek}
          sinceLabel="on"
          empty="No procedure is scheduled in the next 7 days."
          moreHref="/procedures?view=upcoming"
          moreLabel="All upcoming procedures"
        />
        <Worklist
          title="Needs completion"
          {...worklists.needsCompletion}
          sinceLabel="booked for"
          empty="Every procedure whose time has passed is completed, rescheduled or cancelled."
          moreHref="/procedures?view=needs_completion"
          moreLabel="All procedures needing completion"
        />
        <Worklist
          title="Follow-ups due"
          {...worklists.followUpsDue}
          sinceLabel="due"
          empty="No follow-up is due in the next 7 days."
          moreHref="/candidates?status=follow_up&sort=nextFollowUp&dir=asc"
          moreLabel="All patients in follow-up"
        />
        <Worklist
          title="Overnight tonight"
          {...worklists.overnightTonight}
          sinceLabel="performed"
          discharge={{ action: recordDispositionAction, timeZone: clinicTimeZone() }}
          empty="No patient is on the ward: every overnight stay has its discharge recorded."
          moreHref="/procedures?view=completed&disposition=overnight"
          moreLabel="All overnight stays"
        />
        <Worklist
          title="Awaiting decision"
          {...worklists.awaitingDecision}
          sinceLabel="in evaluation since"
          empty="No patient is waiting for a candidacy decision."
          moreHref="/candidates?status=evaluation&sort=referralDate&dir=asc"
          moreLabel="All patients in evaluation"
        />
        <Worklist
          title="Imaging pending"
          {...worklists.imagingPending}
          sinceLabel="ordered"
          empty="No imaging is pending."
          moreHref="/candidates?status=imaging&sort=referralDate&dir=asc"
          moreLabel="All patients in imaging"
        />
      </div>
      <section
        aria-labelledby="by-status-heading"
        className="rounded-xl border border-slate-200 bg-white p-5"
      >
        <h2 id="by-status-heading" className="text-lg font-semibold">
          Patients by status
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          {total.toLocaleString('en-US')} patients in all
        </p>
        <ul className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-4">
          {byStatus.map(({ status, count }) => (
            <li key={status}>
              <Link
                href={`/candidates?status=${status}`}
                className="flex flex-col rounded-lg border border-slate-200 p-3 hover:border-brand-600"
              >
                <span className="text-sm text-slate-600">{STATUS_LABELS[status]}</span>
                <span className="text-2xl font-semibold tabular-nums">
                  {count.toLocaleString('en-US')}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      </section>
      <p className="text-xs text-slate-600">
        Today is {formatDate(todayIso())}. Dates and times are in the clinic&apos;s time zone,{' '}
        {clinicTimeZone()}.
      </p>
    </Page>
  )
}
