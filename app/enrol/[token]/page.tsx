import type { Metadata } from 'next'
import Link from 'next/link'
import { EnrolForm } from '@/components/auth/enrol-form'
import { loadEnrolment } from '@/lib/staff/enrolment-links'
import { enrolAction } from './actions'

export const metadata: Metadata = { title: 'Set your password' }

interface EnrolPageProps {
  params: Promise<{ token: string }>
}

// Outside the app shell and open to anonymous visitors: the token in the address is the
// credential. (The default referrer policy sends other sites the origin only. A no-referrer
// policy here would outlive the redirect into the app and make the browser send `Origin: null`
// on its forms, which the cross-site check refuses.)
export default async function EnrolPage({ params }: EnrolPageProps) {
  const { token } = await params
  const enrolment = await loadEnrolment(token)
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold text-brand-900">Set your password</h1>
        {enrolment.open ? (
          <>
            <p className="mb-6 mt-1 text-sm text-slate-600">
              Welcome, {enrolment.name}. Choose the password you will sign in with as{' '}
              {enrolment.email}. Nobody else will know it.
            </p>
            <EnrolForm action={enrolAction} token={token} />
          </>
        ) : (
          <p role="alert" className="mt-3 text-sm text-slate-700">
            This enrolment link has expired or was already used. Ask an administrator for a new one.{' '}
            <Link href="/login">Sign in</Link> if you have set your password already.
          </p>
        )}
      </div>
    </main>
  )
}
