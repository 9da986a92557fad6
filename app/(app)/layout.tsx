import { AppShell } from '@/components/shell/app-shell'
import { requireStaff } from '@/lib/auth/session'
import { signOutAction } from '../actions'

// Every page below also checks its own role: a layout does not re-run on client navigation.
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const me = await requireStaff()
  return (
    <AppShell me={me} signOutAction={signOutAction}>
      {children}
    </AppShell>
  )
}
