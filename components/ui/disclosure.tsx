'use client'

import { useRouter } from 'next/navigation'
import { createContext, useContext, useEffect, useId, useState } from 'react'
import type { ActionResult } from '@/lib/action-result'
import { Button } from './button'

const DisclosureContext = createContext<{ close: () => void } | null>(null)

interface DisclosureProps {
  /** The button's accessible name, e.g. "Add fracture". */
  label: string
  /** Visible button text when it differs from the accessible name. */
  text?: string
  variant?: 'primary' | 'secondary'
  children: React.ReactNode
}

/** A button that shows and hides a panel (usually a form), with aria-expanded. */
export function Disclosure({ label, text, variant = 'secondary', children }: DisclosureProps) {
  const [open, setOpen] = useState(false)
  const panelId = useId()
  return (
    <DisclosureContext.Provider value={{ close: () => setOpen(false) }}>
      <div className="flex flex-col gap-3">
        <div>
          <Button
            variant={variant}
            aria-expanded={open}
            aria-controls={panelId}
            aria-label={text ? label : undefined}
            onClick={() => setOpen((value) => !value)}
          >
            {text ?? label}
          </Button>
        </div>
        {open ? (
          <div id={panelId} className="rounded-lg border border-slate-200 bg-slate-50 p-4">
            {children}
          </div>
        ) : null}
      </div>
    </DisclosureContext.Provider>
  )
}

/**
 * Closes the surrounding Disclosure once its form's action reports success. A refusal that is
 * not about the fields (someone else changed the record meanwhile) refreshes the page, so it
 * shows the current version next to the message.
 */
export function useActionOutcome(state: ActionResult<unknown>) {
  const disclosure = useContext(DisclosureContext)
  const router = useRouter()
  useEffect(() => {
    if (state.ok && state.message) disclosure?.close()
    if (!state.ok && !state.fieldErrors) router.refresh()
  }, [state, disclosure, router])
}
