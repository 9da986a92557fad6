import { AppShell } from '@/components/shell/app-shell'
import { requireStaff } from '@/lib/auth/session'

// Every page below also checks its own role: a layout does not re-run on client navigation.
export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const me = await requireStaff()
  return <AppShell me={me}>{children}</AppShell>
}
