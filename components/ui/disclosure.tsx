'use client'

import { createContext, useContext, useId, useState } from 'react'
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

/** Closes the Disclosure around the caller; undefined outside one. */
export function useDisclosureClose(): (() => void) | undefined {
  return useContext(DisclosureContext)?.close
}
