'use client'

import { useRouter } from 'next/navigation'

interface PageSizeSelectProps {
  value: number
  /** Each size with the URL that shows it (back on the first page). */
  options: { size: number; href: string }[]
}

/** The page size, kept in the URL: choosing one loads that URL. */
export function PageSizeSelect({ value, options }: PageSizeSelectProps) {
  const router = useRouter()
  return (
    <label className="flex items-center gap-2">
      Rows per page
      <select
        value={value}
        onChange={(event) => {
          const chosen = options.find((option) => String(option.size) === event.target.value)
          if (chosen) router.push(chosen.href)
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1"
      >
        {options.map((option) => (
          <option key={option.size} value={option.size}>
            {option.size}
          </option>
        ))}
      </select>
    </label>
  )
}
