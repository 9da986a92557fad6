import type { CurrentStaff } from '@/lib/auth/session'
import { navFor } from '@/lib/navigation'
import { ROLE_LABELS } from '@/lib/staff/labels'
import { ShellMain } from './main-landmark'
import { NavLinks } from './nav-links'
import { PhoneNav } from './phone-nav'
import { UserMenu } from './user-menu'

interface AppShellProps {
  me: CurrentStaff
  children: React.ReactNode
}

export function AppShell({ me, children }: AppShellProps) {
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:rounded focus:bg-white focus:px-3 focus:py-2"
      >
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white print:hidden">
        <div className="mx-auto flex max-w-7xl items-center gap-2 px-4 py-2 sm:gap-6">
          <PhoneNav items={navFor(me.role)} />
          <span className="flex-1 text-lg font-semibold text-brand-900 sm:flex-none">Augment</span>
          <nav aria-label="Main" className="hidden flex-1 sm:block">
            <NavLinks items={navFor(me.role)} />
          </nav>
          <UserMenu name={me.name} roleLabel={ROLE_LABELS[me.role]} />
        </div>
      </header>
      <ShellMain id="main" className="mx-auto w-full max-w-7xl flex-1 px-4 py-6">
        {children}
      </ShellMain>
    </div>
  )
}
