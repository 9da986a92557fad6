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
import { overviewFigures, overviewWorklists, type WorklistScope } from '@/lib/overview/worklists'
import { KeyFigures } from '@/components/overview/key-figures'
import type { PatientStatus } from '@/lib/candidates/labels'
import { listPendingClinicalAccess } from '@/lib/staff/clinical-access'
import { calendarHref } from '@/lib/procedures/calendar-params'
import { recordDispositionAction } from './candidates/[id]/actions'
import { acknowledgeClinicalAccessAction } from './actions'

export const metadata: Metadata = { title: 'Overview' }

// Referred, imaging or evaluation: patients whose work-up is under way.
const WORK_UP: PatientStatus[] = ['referred', 'imaging', 'evaluation']

interface OverviewPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

export default async function OverviewPage({ searchParams }: OverviewPageProps) {
  const me = await requireStaff()
  // The admin's home is staff management; Overview holds PHI for clinical roles.
  if (me.role === 'admin') redirect(homePathFor(me.role))
  // A physician starts with their own patients ("Mine"); coordinators see the clinic.
  const physician = me.role === 'physician'
  const scope: WorklistScope = physician && (await searchParams).scope !== 'all' ? 'mine' : 'all'
  const mine = scope === 'mine'
  const [{ byStatus, total }, worklists, figures, newClinicalAccess] = await Promise.all([
    visiblePatientsByStatus(scope),
    overviewWorklists(scope),
    overviewFigures(scope),
    // Physicians review who was given access to patient data.
    physician ? listPendingClinicalAccess() : null,
  ])
  const inWorkUp = byStatus
    .filter(({ status }) => WORK_UP.includes(status))
    .reduce((sum, { count }) => sum + count, 0)
  const awaiting = (
    <Worklist
      key="awaiting"
      title={mine ? 'Awaiting my decision' : 'Awaiting decision'}
      {...worklists.awaitingDecision}
      sinceLabel="in evaluation since"
      empty="No patient is waiting for a candidacy decision."
      moreHref={`/candidates?status=evaluation${mine ? `&physician=${me.id}` : ''}&sort=referralDate&dir=asc`}
      moreLabel="All patients in evaluation"
    />
  )
  const procedureCards = [
    <Worklist
      key="scheduled"
      title={mine ? 'My procedures this week' : 'Scheduled this week'}
      {...worklists.scheduledThisWeek}
      sinceLabel="on"
      empty="No procedure is scheduled in the next 7 days."
      moreHref={`/procedures?view=upcoming${mine ? `&physician=${me.id}` : ''}`}
      moreLabel="All upcoming procedures"
    />,
    <Worklist
      key="unfinished"
      title="Needs completion"
      {...worklists.needsCompletion}
      sinceLabel="booked for"
      empty="Every procedure whose time has passed is completed, rescheduled or cancelled."
      moreHref={`/procedures?view=needs_completion${mine ? `&physician=${me.id}` : ''}`}
      moreLabel="All procedures needing completion"
    />,
  ]
  return (
    <Page title="Overview">
      {physician ? (
        <nav aria-label="Whose patients" className="flex items-center gap-2 text-sm">
          {(['mine', 'all'] as const).map((option) => (
            <Link
              key={option}
              href={option === 'mine' ? '/' : '/?scope=all'}
              aria-current={option === scope ? 'page' : undefined}
              className={
                option === scope
                  ? 'rounded-md bg-brand-600 px-3 py-1 font-medium text-white'
                  : 'rounded-md border border-slate-300 bg-white px-3 py-1 font-medium hover:bg-slate-100'
              }
            >
              {option === 'mine' ? 'Mine' : 'All'}
            </Link>
          ))}
          <span className="text-slate-600">
            {mine
              ? 'Your patients and your procedures.'
              : 'Every patient and procedure you may see.'}
          </span>
        </nav>
      ) : null}
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
      <KeyFigures
        figures={[
          ['In work-up', inWorkUp],
          ['Procedures this week', worklists.scheduledThisWeek.total],
          ['Overnight now', worklists.overnightTonight.total],
          ['Overdue follow-ups', figures.overdueFollowUps],
        ]}
        pathway={figures.pathwayTimes}
      />
      {/* Two balanced columns of cards, each as tall as its content: no blank under a short one. */}
      <div className="gap-4 lg:columns-2 [&>*]:mb-4 [&>*]:break-inside-avoid">
        {/* A physician's decisions and own day come first; a coordinator's starts with the room. */}
        {physician ? awaiting : null}
        {worklists.myDay ? (
          <>
            <Worklist
              title="My procedures today"
              {...worklists.myDay.proceduresToday}
              sinceLabel="at"
              empty="You have no procedure booked today."
              moreHref={calendarHref({ physician: me.id })}
              moreLabel="My day on the calendar"
            />
            <Worklist
              title="My overdue follow-ups"
              {...worklists.myDay.overdueFollowUps}
              sinceLabel="due"
              empty="None of your patients has an overdue follow-up."
              moreHref={`/candidates?status=follow_up&physician=${me.id}&sort=nextFollowUp&dir=asc`}
              moreLabel="All my patients in follow-up"
            />
          </>
        ) : null}
        {procedureCards}
        <Worklist
          title={mine ? 'My follow-ups due' : 'Follow-ups due'}
          {...worklists.followUpsDue}
          sinceLabel="due"
          empty="No follow-up is due in the next 7 days."
          moreHref={`/candidates?status=follow_up${mine ? `&physician=${me.id}` : ''}&sort=nextFollowUp&dir=asc`}
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
        {physician ? null : awaiting}
        <Worklist
          title="Imaging pending"
          {...worklists.imagingPending}
          sinceLabel="ordered"
          empty="No imaging is pending."
          moreHref={`/candidates?status=imaging${mine ? `&physician=${me.id}` : ''}&sort=referralDate&dir=asc`}
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
