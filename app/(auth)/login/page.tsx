import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { LoginForm } from '@/components/auth/login-form'
import { currentStaffOrNull, homePathFor } from '@/lib/auth/session'
import { INVALID_CREDENTIALS_MESSAGE, THROTTLED_MESSAGE } from '@/lib/auth/policy'
import { safeCallbackPath, twoFactorPath } from '@/lib/auth/schemas'
import { signInAction } from './actions'

export const metadata: Metadata = { title: 'Sign in' }

interface LoginPageProps {
  searchParams: Promise<{ callbackUrl?: string; error?: string; code?: string; reason?: string }>
}

// Messages for redirects from the Auth.js endpoint and from a session that ended.
function initialMessage(params: Awaited<LoginPageProps['searchParams']>): string | null {
  if (params.reason === 'ended') return 'Your session has ended. Please sign in again.'
  if (params.error === 'CredentialsSignin') {
    return params.code === 'throttled' ? THROTTLED_MESSAGE : INVALID_CREDENTIALS_MESSAGE
  }
  return params.error ? 'Sign-in failed. Please try again.' : null
}

export default async function LoginPage({ searchParams }: LoginPageProps) {
  const params = await searchParams
  const me = await currentStaffOrNull()
  if (me) redirect(homePathFor(me.role))
  // The Auth.js endpoint's way of saying the password was right and a code is due.
  if (params.error === 'CredentialsSignin' && params.code === 'two_factor')
    redirect(twoFactorPath(safeCallbackPath(params.callbackUrl)))
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold text-brand-900">Augment</h1>
        <p className="mb-6 mt-1 text-sm text-slate-600">Staff sign-in</p>
        <LoginForm
          action={signInAction}
          callbackUrl={safeCallbackPath(params.callbackUrl)}
          initialMessage={initialMessage(params)}
        />
      </div>
    </main>
  )
}
