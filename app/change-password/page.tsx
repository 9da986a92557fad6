import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { ChangePasswordForm } from '@/components/auth/change-password-form'
import { requireStaff } from '@/lib/auth/session'
import { changePasswordAction } from './actions'

export const metadata: Metadata = { title: 'Change password' }

// The forced change, outside the app shell: nothing else opens until it is done. A member who
// is not required to change it uses the account page inside the shell.
export default async function ChangePasswordPage() {
  const me = await requireStaff({ allowPendingPasswordChange: true })
  if (!me.mustChangePassword) redirect('/account/password')
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold text-brand-900">Change password</h1>
        <p className="mb-6 mt-1 text-sm text-slate-600">
          Your password was set by an administrator. Choose your own before you continue (signed in
          as {me.email}).
        </p>
        <ChangePasswordForm action={changePasswordAction} />
      </div>
    </main>
  )
}
