import type { Metadata } from 'next'
import { ChangePasswordForm } from '@/components/auth/change-password-form'
import { requireStaff } from '@/lib/auth/session'
import { changePasswordAction } from './actions'

export const metadata: Metadata = { title: 'Change password' }

export default async function ChangePasswordPage() {
  const me = await requireStaff({ allowPendingPasswordChange: true })
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="text-2xl font-semibold text-brand-900">Change password</h1>
        <p className="mb-6 mt-1 text-sm text-slate-600">
          {me.mustChangePassword
            ? 'Your password was set by an administrator. Choose your own before you continue.'
            : `Signed in as ${me.email}.`}
        </p>
        <ChangePasswordForm action={changePasswordAction} />
      </div>
    </main>
  )
}
