import type { Metadata } from 'next'
import { ChangePasswordForm } from '@/components/auth/change-password-form'
import { Page } from '@/components/ui/page'
import { requireStaff } from '@/lib/auth/session'
import { changeOwnPasswordAction } from './actions'

export const metadata: Metadata = { title: 'Change password' }

interface AccountPasswordPageProps {
  searchParams: Promise<{ changed?: string }>
}

export default async function AccountPasswordPage({ searchParams }: AccountPasswordPageProps) {
  const me = await requireStaff()
  const { changed } = await searchParams
  return (
    <Page title="Change password">
      <div className="flex max-w-md flex-col gap-4 rounded-xl border border-slate-200 bg-white p-6">
        {changed === '1' ? (
          <p role="status" className="rounded-md bg-green-50 px-3 py-2 text-sm text-green-800">
            Password changed. You are still signed in here; your other sessions have ended.
          </p>
        ) : null}
        <p className="text-sm text-slate-600">
          Signed in as {me.email}. Changing your password signs you out on every other device and
          browser.
        </p>
        <ChangePasswordForm action={changeOwnPasswordAction} />
      </div>
    </Page>
  )
}
