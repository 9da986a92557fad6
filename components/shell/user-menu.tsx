'use client'

import { ChevronDown, KeyRound, LogOut, ShieldCheck } from 'lucide-react'
import Link from 'next/link'
import { DropdownMenu } from 'radix-ui'
import { useRef } from 'react'

interface UserMenuProps {
  name: string
  roleLabel: string
}

const menuItemClass =
  'flex cursor-pointer items-center gap-2 rounded px-3 py-2 text-sm outline-none data-[highlighted]:bg-slate-100'

export function UserMenu({ name, roleLabel }: UserMenuProps) {
  // The form lives outside the menu: the menu's content unmounts as soon as an item is chosen.
  const signOutForm = useRef<HTMLFormElement>(null)
  return (
    <>
      <form ref={signOutForm} method="post" action="/sign-out" hidden />
      {/* Not modal: a modal menu hides the rest of the page with aria-hidden while its focusable
          elements stay focusable (axe: aria-hidden-focus). A menu button's menu is not modal, and
          with no portal it stays inside the header's landmark. */}
      <DropdownMenu.Root modal={false}>
        {/* Named by its content, not an aria-label: the visible name and role must be part of
            the accessible name (WCAG 2.5.3, label in name). */}
        <DropdownMenu.Trigger className="flex items-center gap-2 rounded-md px-3 py-2 text-sm hover:bg-slate-100">
          <span className="sr-only">User menu for </span>
          <span className="flex flex-col items-end leading-tight">
            <span className="font-medium text-slate-900">{name}</span>{' '}
            <span className="text-xs text-slate-600">{roleLabel}</span>
          </span>
          <ChevronDown aria-hidden className="size-4 text-slate-500" />
        </DropdownMenu.Trigger>
        <DropdownMenu.Content
          align="end"
          sideOffset={4}
          className="z-50 min-w-44 rounded-md border border-slate-200 bg-white p-1 shadow-lg"
        >
          <DropdownMenu.Item asChild className={menuItemClass}>
            <Link href="/account/password">
              <KeyRound aria-hidden className="size-4" />
              Change password
            </Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item asChild className={menuItemClass}>
            <Link href="/account/two-factor">
              <ShieldCheck aria-hidden className="size-4" />
              Two-factor sign-in
            </Link>
          </DropdownMenu.Item>
          <DropdownMenu.Item
            onSelect={() => signOutForm.current?.requestSubmit()}
            className={menuItemClass}
          >
            <LogOut aria-hidden className="size-4" />
            Sign out
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Root>
    </>
  )
}
