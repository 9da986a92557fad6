import type { Metadata } from 'next'
import Link from 'next/link'
import { CalendarControls } from '@/components/procedures/calendar-controls'
import { ProcedureCalendarGrid } from '@/components/procedures/procedure-calendar'
import { Page } from '@/components/ui/page'
import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import { listPhysicians } from '@/lib/candidates/list'
import { clinicTimeZone } from '@/lib/env'
import { procedureCalendar } from '@/lib/procedures/calendar'
import { parseCalendarParams } from '@/lib/procedures/calendar-params'

export const metadata: Metadata = { title: 'Procedure calendar' }

interface CalendarPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>
}

export default async function ProcedureCalendarPage({ searchParams }: CalendarPageProps) {
  await requireRole(...CLINICAL_ROLES)
  const params = parseCalendarParams(await searchParams)
  const [calendar, physicians] = await Promise.all([procedureCalendar(params), listPhysicians()])
  const bookings = calendar.days.reduce((sum, day) => sum + day.bookings.length, 0)
  const physician = physicians.find((p) => p.id === params.physician)
  return (
    <Page title="Procedure calendar">
      <CalendarControls params={params} date={calendar.date} physicians={physicians} />
      <p className="text-sm text-slate-600">
        {bookings === 0
          ? `No bookings ${params.span === 'day' ? 'on this day' : 'this week'}`
          : `${bookings} ${bookings === 1 ? 'booking' : 'bookings'}`}
        {physician ? ` for ${physician.name}` : ', all physicians'}. Scheduled and completed
        procedures, in the clinic&apos;s time zone ({clinicTimeZone()}).{' '}
        <Link href="/procedures" className="text-brand-700 underline">
          Procedure list
        </Link>
      </p>
      <ProcedureCalendarGrid calendar={calendar} showPhysician={!physician} />
    </Page>
  )
}
