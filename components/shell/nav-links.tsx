'use client'

import { clsx } from 'clsx'
import Link from 'next/link'
import { usePathname } from 'next/navigation'
import type { NavItem } from '@/lib/navigation'

/** The main navigation's links; `vertical` stacks them (the phone's sheet). */
export function NavLinks({ items, vertical = false }: { items: NavItem[]; vertical?: boolean }) {
  const pathname = usePathname()
  return (
    <ul className={clsx('flex gap-1', vertical ? 'flex-col' : 'flex-wrap')}>
      {items.map((item) => {
        const current = item.href === '/' ? pathname === '/' : pathname.startsWith(item.href)
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={current ? 'page' : undefined}
              className={clsx(
                'block rounded-md px-3 font-medium',
                vertical ? 'py-3 text-base' : 'py-2 text-sm',
                current ? 'bg-brand-50 text-brand-700' : 'text-slate-700 hover:bg-slate-100',
              )}
            >
              {item.label}
            </Link>
          </li>
        )
      })}
    </ul>
  )
}
