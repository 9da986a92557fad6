'use client'

import { X } from 'lucide-react'
import { Dialog } from 'radix-ui'
import { Button } from '@/components/ui/button'

interface ActionDialogProps {
  /** The trigger button's text and accessible name, e.g. "Change role". */
  label: string
  title: string
  description: string
  open: boolean
  onOpenChange: (open: boolean) => void
  /** Ties the trigger to the row it acts on (the member's name cell), for screen readers. */
  describedBy?: string
  /** The dialog's content: mounted only while open, so every opening starts afresh. */
  children: React.ReactNode
}

/** A modal for a row action that needs input (a role, a temporary password). */
export function ActionDialog({
  label,
  title,
  description,
  open,
  onOpenChange,
  describedBy,
  children,
}: ActionDialogProps) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Trigger asChild>
        <Button variant="secondary" aria-describedby={describedBy}>
          {label}
        </Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-40 bg-slate-900/40" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 flex w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 flex-col gap-4 rounded-xl bg-white p-6 shadow-xl">
          <div className="flex items-start justify-between gap-4">
            <div>
              <Dialog.Title className="text-lg font-semibold">{title}</Dialog.Title>
              <Dialog.Description className="mt-1 text-sm text-slate-600">
                {description}
              </Dialog.Description>
            </div>
            <Dialog.Close
              aria-label="Close"
              className="rounded-md p-1 text-slate-500 hover:bg-slate-100"
            >
              <X aria-hidden className="size-4" />
            </Dialog.Close>
          </div>
          {children}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  )
}
