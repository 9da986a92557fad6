'use client'

import { Menu, X } from 'lucide-react'
import { Dialog } from 'radix-ui'
import { useState } from 'react'
import type { NavItem } from '@/lib/navigation'
import { NavLinks } from './nav-links'

/** Under 640 px the main navigation is a sheet behind a "Menu" button (a modal dialog). */
export function PhoneNav({ items }: { items: NavItem[] }) {
  const [open, setOpen] = useState(false)
  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 sm:hidden">
        <Menu aria-hidden="true" className="size-5" />
        Menu
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed inset-y-0 left-0 z-50 flex w-72 max-w-[85vw] flex-col gap-4 bg-white p-4 shadow-xl">
          <div className="flex items-center justify-between">
            <Dialog.Title className="text-lg font-semibold text-brand-900">Augment</Dialog.Title>
            <Dialog.Close className="rounded-md p-2 hover:bg-slate-100">
              <X aria-hidden="true" className="size-5" />
              <span className="sr-only">Close menu</span>
            </Dialog.Close>
          </div>
          <Dialog.Description className="sr-only">Go to a part of Augment.</Dialog.Description>
          {/* Choosing a page closes the sheet. */}
          <nav aria-label="Main" onClick={() => setOpen(false)}>
            <NavLinks items={items} vertical />
          </nav>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
