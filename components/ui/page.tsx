interface PageProps {
  title: string
  actions?: React.ReactNode
  children: React.ReactNode
}

/** A signed-in page: its one h1 and the content below it. */
export function Page({ title, actions, children }: PageProps) {
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-semibold">{title}</h1>
        {actions}
      </div>
      {children}
    </div>
  )
}
