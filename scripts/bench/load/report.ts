// What a load run prints, and the figures it keeps in bench/load-results.json.
import fs from 'node:fs'
import path from 'node:path'
import type { Backend } from '../harness/lifecycle'
import type { PhaseResult } from './phase'

const RESULTS_FILE = path.join('bench', 'load-results.json')

export interface LoadRun {
  backend: Backend
  patients: number
  rssLimitMb: number
}

export function printReport(run: LoadRun, phases: PhaseResult[], peakRssMb: number) {
  const row = (cells: (string | number)[], widths: number[]) =>
    cells.map((cell, i) => String(cell)[i === 0 ? 'padEnd' : 'padStart'](widths[i]!)).join('  ')
  const widths = [28, 5, 4, 9, 8, 7, 7, 7, 7, 9]
  console.log(`\nResults (${run.backend}, ${run.patients.toLocaleString('en-US')} patients)`)
  console.log(
    row(
      [
        'phase',
        'conns',
        's',
        'requests',
        'req/s',
        'p50 ms',
        'p95 ms',
        'p99 ms',
        'errors',
        'peak RSS',
      ],
      widths,
    ),
  )
  for (const phase of phases) {
    console.log(
      row(
        [
          phase.name,
          phase.connections,
          phase.seconds,
          phase.requests,
          phase.throughputPerSecond.toFixed(1),
          phase.latencyMs.p50.toFixed(0),
          phase.latencyMs.p95.toFixed(0),
          phase.latencyMs.p99.toFixed(0),
          phase.errors,
          `${phase.peakRssMb} MB`,
        ],
        widths,
      ),
    )
  }
  const mixed = phases[phases.length - 1]!
  console.log(`\n${mixed.name}, by request`)
  const kindWidths = [28, 9, 7, 7]
  console.log(row(['request', 'requests', 'errors', 'p95 ms'], kindWidths))
  for (const [kind, tally] of Object.entries(mixed.byKind)) {
    console.log(row([kind, tally.requests, tally.errors, tally.p95Ms.toFixed(0)], kindWidths))
  }
  for (const phase of phases) {
    for (const [reason, count] of Object.entries(phase.errorBreakdown)) {
      console.log(`  error in ${phase.name}: ${reason} × ${count}`)
    }
  }
  console.log(
    `\nPeak server RSS ${peakRssMb.toFixed(0)} MB (limit ${run.rssLimitMb} MB on ${run.backend})`,
  )
}

export function writeResults(backend: Backend, entry: object) {
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true })
  const previous = fs.existsSync(RESULTS_FILE)
    ? (JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) as Record<string, unknown>)
    : {}
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify({ ...previous, [backend]: entry }, null, 2)}\n`)
  console.log(`Wrote ${RESULTS_FILE} (${backend})`)
}
