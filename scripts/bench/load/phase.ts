// One phase of the load: autocannon drives the server with a mix of what signed-in members do,
// each answer checked as a browser would see it, and the figures tallied by request kind.
import autocannon from 'autocannon'
import { todayIso } from '@/lib/dates'
import { candidateListQuery } from '@/lib/candidates/list-params'
import { procedureListQuery } from '@/lib/procedures/list-params'
import {
  actionRequest,
  actionResult,
  cookieHeader,
  storeCookies,
  type SignedInUser,
} from '../harness/browser'
import type { RssSampler } from './rss'
import type { DueFollowUp, Workload } from './workload'

// An answer slower than this counts as an error (a timeout), as autocannon's default.
const REQUEST_TIMEOUT_SECONDS = 10

// What a signed-in member does, and how often: the relative weights of phase B's mix.
export const MIX = [
  { kind: 'candidates list', weight: 25 },
  { kind: 'filtered list', weight: 20 },
  { kind: 'open a record', weight: 25 },
  { kind: 'procedures list', weight: 10 },
  { kind: 'follow-ups due', weight: 10 },
  { kind: 'save follow-up', weight: 10 },
] as const
type RequestKind = (typeof MIX)[number]['kind']

// Filters and sorts from the URL, as the list's toolbar writes them (lib/candidates/list-params.ts).
const FILTERED_LISTS = [
  candidateListQuery({ status: 'evaluation', sort: 'name', dir: 'asc' }),
  candidateListQuery({ etiology: 'osteoporotic', procedure: 'kyphoplasty', sort: 'age' }),
  candidateListQuery({ status: 'follow_up', sort: 'nextFollowUp', dir: 'asc' }),
  candidateListQuery({ q: 'wal', sort: 'name', dir: 'asc' }),
  candidateListQuery({ sort: 'status', dir: 'asc', page: 20 }),
].map((query) => `/candidates${query}`)
const PROCEDURE_LISTS = [
  procedureListQuery({}),
  procedureListQuery({ view: 'completed' }),
  procedureListQuery({ view: 'completed', disposition: 'overnight' }),
].map((query) => `/procedures${query}`)

export interface Phase {
  name: string
  connections: number
  seconds: number
  mix: readonly { kind: RequestKind; weight: number }[]
  /** Whose session each connection (0, 1, …) uses. */
  userFor: (connection: number) => SignedInUser
}

interface KindTally {
  requests: number
  errors: number
  latenciesMs: number[]
}

export interface PhaseResult {
  name: string
  connections: number
  seconds: number
  requests: number
  throughputPerSecond: number
  latencyMs: { p50: number; p95: number; p99: number }
  errors: number
  errorBreakdown: Record<string, number>
  byKind: Record<string, { requests: number; errors: number; p95Ms: number }>
  peakRssMb: number
  saves: { sent: number; acknowledged: number }
}

function pickByWeight<T extends { weight: number }>(items: readonly T[]): T {
  const total = items.reduce((sum, item) => sum + item.weight, 0)
  let point = Math.random() * total
  for (const item of items) {
    point -= item.weight
    if (point < 0) return item
  }
  return items[items.length - 1]!
}

function pickOne<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!
}

function headerValues(headers: autocannon.Request['headers'], name: string): string[] {
  const found = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1]
  return found === undefined ? [] : ([] as string[]).concat(found)
}

/** A completed answer's verdict: null when it is what a browser would have got, else why not. */
function errorIn(
  kind: RequestKind,
  // Typed number by autocannon, undefined for an answer cut short by a timeout's reconnect.
  status: number | undefined,
  body: string,
  headers: autocannon.Request['headers'],
): string | null {
  if (status === undefined) return `${kind}: answer without a status line`
  if (status >= 300 && status < 400) {
    // Every URL of the mix answers a signed-in member directly: a redirect means the session
    // ended (to /login) or the member was sent elsewhere.
    const location = headerValues(headers, 'location')[0] ?? '?'
    const to = new URL(location, 'http://server').pathname
    return to === '/login'
      ? `${kind}: redirect to /login (session ended)`
      : `${kind}: redirect to ${to}`
  }
  if (status !== 200) return `${kind}: HTTP ${status}`
  if (kind !== 'save follow-up') return null
  const result = actionResult(body)
  if (!result) return `${kind}: unreadable action result`
  return result.ok ? null : `${kind}: refused (${result.message ?? 'no message'})`
}

/** The p-th percentile of ascending values, to 0.1 ms. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0
  return round1(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!)
}

const round1 = (value: number) => Math.round(value * 10) / 10

/**
 * Runs one phase. Each save records an open follow-up from the workload; once all are recorded,
 * saves correct recorded ones (with the version their last save gave them), as a member does.
 */
export async function runPhase(
  phase: Phase,
  origin: string,
  workload: Workload,
  rss: RssSampler,
): Promise<PhaseResult> {
  const tallies = new Map<RequestKind, KindTally>(
    phase.mix.map(({ kind }) => [kind, { requests: 0, errors: 0, latenciesMs: [] }]),
  )
  const errorBreakdown: Record<string, number> = {}
  const countError = (reason: string) =>
    (errorBreakdown[reason] = (errorBreakdown[reason] ?? 0) + 1)
  const saves = { sent: 0, acknowledged: 0 }
  const today = todayIso()

  // The request a member sends next: a kind from the mix, with their session cookie.
  function nextRequest(user: SignedInUser): {
    kind: RequestKind
    request: autocannon.Request
    due?: DueFollowUp
  } {
    const kind = pickByWeight(phase.mix).kind
    const cookie = cookieHeader(user.cookies)
    const page = (pagePath: string) => ({
      kind,
      request: { method: 'GET' as const, path: pagePath, headers: { accept: 'text/html', cookie } },
    })
    switch (kind) {
      case 'candidates list':
        return page('/candidates')
      case 'filtered list':
        return page(pickOne(FILTERED_LISTS))
      case 'open a record':
        return page(`/candidates/${pickOne(workload.patientIds)}`)
      case 'procedures list':
        return page(pickOne(PROCEDURE_LISTS))
      case 'follow-ups due':
        // The Overview holds the "Follow-ups due" worklist.
        return page('/')
      case 'save follow-up': {
        const due = workload.dueFollowUps.pop()
        // Every one is out in a request that has not been answered yet: open its record instead.
        if (!due) return page(`/candidates/${pickOne(workload.patientIds)}`)
        saves.sent++
        // The record's follow-up form as a member fills it in (the ODI sections left empty).
        const { headers, body } = actionRequest(workload.actions.recordFollowUp, origin, {
          followUpRef: `${due.id}:${due.version}`,
          assessedOn: today,
          painNrs: String(Math.floor(Math.random() * 11)),
          odi: String(Math.floor(Math.random() * 101)),
          rmdq: String(Math.floor(Math.random() * 25)),
          kyphoticAngleDeg: '',
          analgesicUse: pickOne(['none', 'non_opioid', 'opioid']),
          mobility: pickOne(['bedbound', 'assisted', 'independent']),
          ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`odi${i + 1}`, ''])),
          note: '',
        })
        return {
          kind,
          due,
          request: {
            method: 'POST',
            path: `/candidates/${due.patientId}`,
            headers: { ...headers, cookie },
            body,
          },
        }
      }
    }
  }

  let nextConnection = 0
  let finished: (error: unknown, result: autocannon.Result) => void = () => {}
  const done = new Promise<autocannon.Result>((resolve, reject) => {
    finished = (error, result) => (error ? reject(error) : resolve(result))
  })
  const instance = autocannon(
    {
      url: origin,
      connections: phase.connections,
      duration: phase.seconds,
      timeout: REQUEST_TIMEOUT_SECONDS,
      setupClient(client) {
        const user = phase.userFor(nextConnection++)
        // One request at a time per connection: the one sent last is the one answered next.
        let inFlight: ReturnType<typeof nextRequest> | undefined
        client.setRequests([
          {
            setupRequest(defaults) {
              inFlight = nextRequest(user)
              return { ...defaults, ...inFlight.request }
            },
            onResponse(status, body, _context, headers) {
              storeCookies(user.cookies, headerValues(headers, 'set-cookie'))
              const { kind, due } = inFlight!
              const tally = tallies.get(kind)!
              tally.requests++
              const error = errorIn(kind, status, body, headers)
              if (error) {
                tally.errors++
                countError(error)
              } else if (due) {
                saves.acknowledged++
                workload.dueFollowUps.unshift({ ...due, version: due.version + 1 })
              }
            },
          },
        ])
        // Emitted right after onResponse for the same answer.
        client.on('response', (_status: number, _bytes: number, ms: number) =>
          tallies.get(inFlight!.kind)!.latenciesMs.push(ms),
        )
      },
    },
    (error, result) => finished(error, result),
  )
  instance.on('reqError', (error: Error) => countError(`connection: ${error.message}`))
  let elapsed = 0
  instance.on('tick', () => {
    elapsed++
    if (elapsed % 5 === 0 || elapsed === phase.seconds) {
      const answered = [...tallies.values()].reduce((sum, tally) => sum + tally.requests, 0)
      const errors = Object.values(errorBreakdown).reduce((sum, n) => sum + n, 0)
      process.stdout.write(`\r  ${phase.name}: ${elapsed} s, ${answered} answers, ${errors} errors`)
    }
  })

  rss.resetPhase()
  console.log(`\n${phase.name}: ${phase.connections} connections for ${phase.seconds} s`)
  const result = await done
  process.stdout.write('\n')

  const all = [...tallies.values()].flatMap((tally) => tally.latenciesMs).sort((a, b) => a - b)
  const answered = all.length
  return {
    name: phase.name,
    connections: phase.connections,
    seconds: phase.seconds,
    requests: answered,
    throughputPerSecond: round1(answered / result.duration),
    latencyMs: { p50: percentile(all, 50), p95: percentile(all, 95), p99: percentile(all, 99) },
    // Connection errors and timeouts are in the breakdown already (autocannon's reqError).
    errors: Object.values(errorBreakdown).reduce((sum, n) => sum + n, 0),
    errorBreakdown,
    byKind: Object.fromEntries(
      [...tallies].map(([kind, tally]) => [
        kind,
        {
          requests: tally.requests,
          errors: tally.errors,
          p95Ms: percentile(
            tally.latenciesMs.sort((a, b) => a - b),
            95,
          ),
        },
      ]),
    ),
    peakRssMb: Math.round(rss.phasePeakMb()),
    saves,
  }
}
