'use client'

import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  DefaultZIndexes,
  ErrorBar,
  LabelList,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { REFERENCE_COLOR } from './colors'
import type { ChartProps, ChartReference, ChartRow, ChartSeries } from './charts'
import { niceTicks } from './ticks'

// Thin wrappers over recharts with the app's look, loaded lazily by ./charts, which frames them.
// recharts' keyboard layer is off: the frame is hidden from assistive technology, and a hidden
// element must not take focus.

type DrawingProps = Omit<ChartProps, 'height'>

const AXIS_TICK = { fontSize: 12, fill: '#334155' }
// What both drawings share.
const GRID = { strokeDasharray: '3 3', stroke: '#e2e8f0' }
const LEGEND = {
  verticalAlign: 'top',
  itemSorter: null,
  wrapperStyle: { fontSize: 12, paddingBottom: 8 },
} as const
// Above this many bars (or categories), values are not printed on them nor every category named.
const MAX_LABELLED_CATEGORIES = 12
const ERROR_BAR = { width: 6, isAnimationActive: false, strokeWidth: 1.5 }

function formatValue(value: unknown, unit: string): string {
  if (typeof value === 'number')
    return `${Number.isInteger(value) ? value : value.toFixed(1)}${unit}`
  if (Array.isArray(value)) return value.map((v) => formatValue(v, unit)).join(' – ')
  return String(value ?? '—')
}

// Literature lines carry their value at the right edge, outside the plot; what each one is reads
// in the list under the chart (./charts), so no label is ever drawn over the data.
function references(items: readonly ChartReference[], axis: 'x' | 'y', unit: string) {
  return items.map((item) => (
    <ReferenceLine
      key={`${item.label}-${item.value}`}
      {...{ [axis]: item.value }}
      stroke={REFERENCE_COLOR}
      strokeDasharray="6 4"
      ifOverflow="extendDomain"
      zIndex={DefaultZIndexes.activeBar}
      label={{
        value: formatValue(item.value, unit),
        position: axis === 'y' ? 'right' : 'top',
        fontSize: 11,
        fill: '#1e293b',
      }}
    />
  ))
}

/** The largest value drawn: stacks summed, interval tops and literature lines included. */
function largestValue(
  data: readonly ChartRow[],
  series: readonly ChartSeries[],
  referenceLines: readonly ChartReference[],
): number {
  let largest = Math.max(0, ...referenceLines.map((r) => r.value))
  for (const row of data) {
    const stacks = new Map<string, number>()
    for (const s of series) {
      const value = row[s.key]
      if (typeof value !== 'number') continue
      const error = s.errorKey ? row[s.errorKey] : null
      const top = value + (Array.isArray(error) ? error[1] : 0)
      if (s.stackId) stacks.set(s.stackId, (stacks.get(s.stackId) ?? 0) + value)
      else largest = Math.max(largest, top)
    }
    largest = Math.max(largest, ...stacks.values())
  }
  return largest
}

/** The value axis: titled, on round ticks (0, 50, 100 …) up to the largest value drawn. */
function valueAxisScale(props: Pick<DrawingProps, 'data' | 'series' | 'references' | 'domain'>): {
  domain: [number, number]
  ticks: number[]
} {
  if (props.domain)
    return { domain: props.domain, ticks: niceTicks(props.domain[1], props.domain[0]) }
  const ticks = niceTicks(largestValue(props.data, props.series, props.references ?? []))
  return { domain: [ticks[0]!, ticks[ticks.length - 1]!], ticks }
}

/** A bar's value printed on it, rounded as in the tooltip. */
function valueLabels(s: ChartSeries, unit: string, horizontal: boolean) {
  // Beside the bar's end, or (with an interval's whisker there) inside it near its base.
  const inside = Boolean(s.errorKey || s.stackId)
  return (
    <LabelList
      dataKey={s.key}
      position={
        inside ? (horizontal ? 'insideLeft' : 'insideBottom') : horizontal ? 'right' : 'top'
      }
      formatter={(value: unknown) => (typeof value === 'number' ? formatValue(value, unit) : '')}
      fontSize={11}
      fill="#0f172a"
      // A white halo keeps the value legible on any bar colour and beside a short bar.
      stroke="#ffffff"
      strokeWidth={3}
      paintOrder="stroke"
    />
  )
}

/** A category under its bar: "Vertebroplasty (n = 282)" on two lines, so phones fit it. */
function CategoryTick({
  x,
  y,
  payload,
}: {
  x?: number
  y?: number
  payload?: { value?: unknown }
}) {
  const [name, detail] = String(payload?.value ?? '').split(' (')
  return (
    <text
      x={x}
      y={(y ?? 0) + 12}
      textAnchor="middle"
      fontSize={AXIS_TICK.fontSize}
      fill={AXIS_TICK.fill}
    >
      <tspan x={x}>{name}</tspan>
      {detail ? (
        <tspan x={x} dy={14}>
          ({detail}
        </tspan>
      ) : null}
    </text>
  )
}

/** Bars by category; `horizontal` lays long category names down the left. */
export function BarDrawing({
  data,
  categoryKey,
  series,
  references: referenceLines = [],
  valueLabel,
  unit = '',
  domain,
  horizontal = false,
}: DrawingProps & { horizontal?: boolean }) {
  const scale = valueAxisScale({ data, series, references: referenceLines, domain })
  const valueAxis = {
    type: 'number' as const,
    ...scale,
    tick: AXIS_TICK,
    label: {
      value: valueLabel,
      ...(horizontal
        ? { position: 'insideBottom' as const, offset: -4 }
        : { angle: -90, position: 'insideLeft' as const }),
      fontSize: 12,
      fill: '#334155',
    },
  }
  // Every category named when they fit (recharts would skip some to avoid crowding); a long
  // run of months keeps recharts' spacing.
  const fewCategories = horizontal || data.length <= MAX_LABELLED_CATEGORIES
  const categoryAxis = {
    dataKey: categoryKey,
    type: 'category' as const,
    tick: AXIS_TICK,
    ...(fewCategories ? { interval: 0 } : {}),
  }
  // Values printed on bars only where they have room: a few bars, not beside a horizontal whisker.
  const labelled = (s: ChartSeries) =>
    data.length * series.length <= MAX_LABELLED_CATEGORIES && !(horizontal && s.errorKey)
  return (
    <BarChart
      responsive
      style={{ width: '100%', height: '100%' }}
      data={data}
      layout={horizontal ? 'vertical' : 'horizontal'}
      accessibilityLayer={false}
      margin={{ top: 16, right: 48, bottom: horizontal ? 16 : 4, left: 8 }}
    >
      <CartesianGrid {...GRID} />
      {horizontal ? (
        <>
          <XAxis {...valueAxis} />
          <YAxis {...categoryAxis} width={180} />
        </>
      ) : (
        <>
          <XAxis {...categoryAxis} tick={<CategoryTick />} height={36} />
          <YAxis {...valueAxis} />
        </>
      )}
      <Tooltip formatter={(value) => formatValue(value, unit)} />
      {/* Bars coloured by their category (procedure type) need no legend: the axis names them. */}
      {series.some((s) => !s.colorKey) ? <Legend {...LEGEND} /> : null}
      {series.map((s) => (
        <Bar
          key={s.key}
          dataKey={s.key}
          name={s.label}
          fill={s.color}
          stackId={s.stackId}
          isAnimationActive={false}
        >
          {s.colorKey
            ? data.map((row, index) => <Cell key={index} fill={String(row[s.colorKey!])} />)
            : null}
          {s.errorKey ? <ErrorBar dataKey={s.errorKey} stroke="#0f172a" {...ERROR_BAR} /> : null}
          {labelled(s) ? valueLabels(s, unit, horizontal) : null}
        </Bar>
      ))}
      {references(referenceLines, horizontal ? 'x' : 'y', unit)}
    </BarChart>
  )
}

/** Lines across ordered categories (timepoints), with interval bars and dashed literature lines. */
export function LineDrawing({
  data,
  categoryKey,
  series,
  references: referenceLines = [],
  valueLabel,
  unit = '',
  domain,
}: DrawingProps) {
  return (
    <LineChart
      responsive
      style={{ width: '100%', height: '100%' }}
      data={data}
      accessibilityLayer={false}
      margin={{ top: 16, right: 48, bottom: 4, left: 8 }}
    >
      <CartesianGrid {...GRID} />
      <XAxis dataKey={categoryKey} tick={AXIS_TICK} />
      <YAxis
        type="number"
        {...valueAxisScale({ data, series, references: referenceLines, domain })}
        tick={AXIS_TICK}
        label={{
          value: valueLabel,
          angle: -90,
          position: 'insideLeft',
          fontSize: 12,
          fill: '#334155',
        }}
      />
      <Tooltip formatter={(value) => formatValue(value, unit)} />
      <Legend {...LEGEND} />
      {series.map((s) => (
        <Line
          key={s.key}
          dataKey={s.key}
          name={s.label}
          stroke={s.dashed ? REFERENCE_COLOR : s.color}
          strokeWidth={2}
          strokeDasharray={s.dashed ? '6 4' : undefined}
          dot={s.dashed ? false : { r: 3 }}
          connectNulls
          isAnimationActive={false}
        >
          {s.errorKey ? <ErrorBar dataKey={s.errorKey} stroke={s.color} {...ERROR_BAR} /> : null}
        </Line>
      ))}
      {references(referenceLines, 'y', unit)}
    </LineChart>
  )
}
