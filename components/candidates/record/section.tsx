interface SectionProps {
  title: string
  children: React.ReactNode
}

/** One titled section of the patient record (a landmark named by its heading). */
export function Section({ title, children }: SectionProps) {
  const id = `section-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`
  return (
    <section
      aria-labelledby={id}
      className="flex flex-col gap-3 rounded-xl border border-slate-200 bg-white p-5"
    >
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  )
}
