'use client'

import { createContext, useContext } from 'react'

// One main landmark per page: the shell has one, and the 403/404/error screens render inside it
// for a signed-in page but on their own (with no shell) for an unknown address.
const InsideMain = createContext(false)

interface LandmarkProps {
  id?: string
  className?: string
  children: React.ReactNode
}

/** The app shell's main landmark; what renders inside it knows it has one. */
export function ShellMain({ id, className, children }: LandmarkProps) {
  return (
    <main id={id} className={className}>
      <InsideMain.Provider value>{children}</InsideMain.Provider>
    </main>
  )
}

/** A status screen's outer element: the page's main landmark, unless the shell's holds it. */
export function StatusMain({ className, children }: Omit<LandmarkProps, 'id'>) {
  return useContext(InsideMain) ? (
    <div className={className}>{children}</div>
  ) : (
    <main className={className}>{children}</main>
  )
}
