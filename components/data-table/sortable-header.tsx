'use client'

import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react'

interface SortableHeaderProps {
  label: string
  sorted: false | 'asc' | 'desc'
  onSort: ((event: unknown) => void) | undefined
}

/** A column header that sorts on click or Enter; aria-sort sits on the th (see DataTable). */
export function SortableHeader({ label, sorted, onSort }: SortableHeaderProps) {
  if (!onSort) return <span>{label}</span>
  const Icon = sorted === 'asc' ? ArrowUp : sorted === 'desc' ? ArrowDown : ArrowUpDown
  return (
    <button
      type="button"
      onClick={onSort}
      className="inline-flex items-center gap-1 font-semibold hover:text-brand-700"
    >
      {label}
      <Icon aria-hidden className={sorted ? 'size-3.5' : 'size-3.5 text-slate-400'} />
    </button>
  )
}
