'use client'

import dynamic from 'next/dynamic'

// The app's charts. They are pictures for sighted users: each sits beside a "Show data" table
// with the same numbers, so the drawing is hidden from assistive technology. The chart library
// (recharts, ≈125 kB gzipped) is loaded after the page, never with it: the first-load budget
// (docs/performance-targets.md#first-load-javascript) has no room for it. The frame keeps the
// chart's height meanwhile, so nothing moves.

export type ChartValue = string | number | null | [number, number]
export type ChartRow = Record<string, ChartValue>

export interface ChartSeries {
  key: string
  label: string
  color: string
  /** Key of [below, above] offsets from the value: a 95 % interval drawn as an error bar. */
  errorKey?: string
  /** Series with the same stack id are stacked. */
  stackId?: string
  /** A literature line: dashed, no markers. */
  dashed?: boolean
  /** Key of each row's own colour (a bar per procedure type in that type's colour). */
  colorKey?: string
}

/** A literature value drawn across the chart and labelled with its source. */
export interface ChartReference {
  value: number
  label: string
}

export interface ChartProps {
  data: ChartRow[]
  /** The key of each row's category (x axis; y axis for horizontal bars). */
  categoryKey: string
  series: ChartSeries[]
  references?: ChartReference[]
  /** Value axis title, with its unit. */
  valueLabel: string
  /** Appended to values in the tooltip: "%", "°" or nothing. */
  unit?: string
  domain?: [number, number]
  height?: number
}

const BarDrawing = dynamic(() => import('./chart-drawings').then((m) => m.BarDrawing), {
  ssr: false,
})
const LineDrawing = dynamic(() => import('./chart-drawings').then((m) => m.LineDrawing), {
  ssr: false,
})

function Frame({
  height,
  references = [],
  children,
}: {
  height: number
  references?: ChartReference[]
  children: React.ReactNode
}) {
  return (
    <figure className="flex flex-col gap-1">
      <div aria-hidden="true" className="chart-frame w-full" style={{ height }}>
        {children}
      </div>
      {references.length > 0 ? (
        // The lines carry their value only; what each one is reads here, never over the data.
        <figcaption>
          <ul
            aria-label="Literature lines"
            className="flex flex-col gap-0.5 text-xs text-slate-700"
          >
            {references.map((reference) => (
              <li key={`${reference.label}-${reference.value}`} className="flex items-center gap-2">
                <span
                  aria-hidden="true"
                  className="w-5 border-t-2 border-dashed border-slate-600"
                />
                <span>{reference.label}</span>
              </li>
            ))}
          </ul>
        </figcaption>
      ) : null}
    </figure>
  )
}

/** Bars by category; `horizontal` lays long category names down the left. */
export function CategoryBarChart({
  height = 280,
  ...props
}: ChartProps & { horizontal?: boolean }) {
  return (
    <Frame height={height} references={props.references}>
      <BarDrawing {...props} />
    </Frame>
  )
}

/** Lines across ordered categories (timepoints), with interval bars and dashed literature lines. */
export function CategoryLineChart({ height = 280, ...props }: ChartProps) {
  return (
    <Frame height={height} references={props.references}>
      <LineDrawing {...props} />
    </Frame>
  )
}
