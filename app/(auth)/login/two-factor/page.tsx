import type { Metadata } from 'next'
import Link from 'next/link'
import { cookies } from 'next/headers'
import { redirect } from 'next/navigation'
import { CodeForm } from '@/components/auth/code-form'
import { currentStaffOrNull, homePathFor } from '@/lib/auth/session'
import { safeCallbackPath } from '@/lib/auth/schemas'
import { TWO_FACTOR_COOKIE } from '@/lib/auth/sign-in-tokens'
import { verifyTwoFactorAction } from '../actions'

export const metadata: Metadata = { title: 'Two-factor sign-in' }

interface TwoFactorPageProps {
  searchParams: Promise<{ callbackUrl?: string }>
}

export default async function TwoFactorPage({ searchParams }: TwoFactorPageProps) {
  const me = await currentStaffOrNull()
  if (me) redirect(homePathFor(me.role))
  // Without the password step's cookie there is nothing to verify: start again.
  if (!(await cookies()).has(TWO_FACTOR_COOKIE)) redirect('/login')
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl)
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold text-brand-900">Two-factor sign-in</h1>
        <p className="mb-6 mt-1 text-sm text-slate-600">
          Open your authenticator app and enter the six-digit code for Augment.
        </p>
        <CodeForm
          action={verifyTwoFactorAction}
          submitLabel="Verify"
          pendingLabel="Verifying…"
          hint="Lost your phone? Enter one of your recovery codes instead."
          hidden={callbackUrl ? { callbackUrl } : {}}
        />
        <p className="mt-6 text-sm">
          <Link href="/login" className="text-brand-700 underline">
            Start again with your password
          </Link>
        </p>
      </div>
    </main>
  )
}
