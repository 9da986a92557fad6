'use client'

import {
  Bar,
  BarChart,
  CartesianGrid,
  DefaultZIndexes,
  ErrorBar,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts'
import { REFERENCE_COLOR } from './colors'
import type { ChartProps, ChartReference } from './charts'

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
const ERROR_BAR = { width: 6, isAnimationActive: false, strokeWidth: 1.5 }

function formatValue(value: unknown, unit: string): string {
  if (typeof value === 'number')
    return `${Number.isInteger(value) ? value : value.toFixed(1)}${unit}`
  if (Array.isArray(value)) return value.map((v) => formatValue(v, unit)).join(' – ')
  return String(value ?? '—')
}

function references(items: readonly ChartReference[], axis: 'x' | 'y') {
  // Labels of the higher value above their line, the lower below, so two close lines stay legible.
  const sorted = [...items].sort((a, b) => b.value - a.value)
  return sorted.map((item, index) => (
    <ReferenceLine
      key={`${item.label}-${item.value}`}
      {...{ [axis]: item.value }}
      stroke={REFERENCE_COLOR}
      strokeDasharray="6 4"
      ifOverflow="extendDomain"
      // Above the bars, or their labels would hide behind them.
      zIndex={DefaultZIndexes.activeBar}
      label={{
        value: item.label,
        position: index === 0 ? 'insideBottomRight' : 'insideTopRight',
        fontSize: 11,
        fill: '#1e293b',
        // A white halo keeps the label legible where it crosses a bar.
        stroke: 'white',
        strokeWidth: 3,
        paintOrder: 'stroke',
      }}
    />
  ))
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
  const valueAxis = {
    type: 'number' as const,
    domain: domain ?? [0, 'auto'],
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
  const categoryAxis = { dataKey: categoryKey, type: 'category' as const, tick: AXIS_TICK }
  return (
    <BarChart
      responsive
      style={{ width: '100%', height: '100%' }}
      data={data}
      layout={horizontal ? 'vertical' : 'horizontal'}
      accessibilityLayer={false}
      margin={{ top: 16, right: 16, bottom: horizontal ? 16 : 4, left: 8 }}
    >
      <CartesianGrid {...GRID} />
      {horizontal ? (
        <>
          <XAxis {...valueAxis} />
          <YAxis {...categoryAxis} width={180} />
        </>
      ) : (
        <>
          <XAxis {...categoryAxis} />
          <YAxis {...valueAxis} />
        </>
      )}
      <Tooltip formatter={(value) => formatValue(value, unit)} />
      <Legend {...LEGEND} />
      {series.map((s) => (
        <Bar
          key={s.key}
          dataKey={s.key}
          name={s.label}
          fill={s.color}
          stackId={s.stackId}
          isAnimationActive={false}
        >
          {s.errorKey ? <ErrorBar dataKey={s.errorKey} stroke="#0f172a" {...ERROR_BAR} /> : null}
        </Bar>
      ))}
      {references(referenceLines, horizontal ? 'x' : 'y')}
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
      margin={{ top: 16, right: 16, bottom: 4, left: 8 }}
    >
      <CartesianGrid {...GRID} />
      <XAxis dataKey={categoryKey} tick={AXIS_TICK} />
      <YAxis
        type="number"
        domain={domain ?? [0, 'auto']}
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
      {references(referenceLines, 'y')}
    </LineChart>
  )
}
