// npm run bench:load [-- --backend pglite|postgres --patients 100000 --port 3400 --skip-build]
// The targets under load (docs/performance-targets.md#under-load): builds the app into .next-load,
// seeds a throwaway database (PGlite in a temp folder, or a new PostgreSQL database through
// BENCH_DATABASE_URL) with patients and 50 staff, starts `next start` on loopback, signs the staff
// in through the login form's server action, then drives it with autocannon: phase A, 10
// connections on the candidates list for 15 s; phase B, one connection per signed-in member for 60
// s, a realistic mix that saves follow-ups. Prints throughput, latency, errors and the server's
// peak RSS, writes bench/load-results.json, and exits non-zero on any error or an RSS over the
// backend's limit.
import { openDatabase } from '@/db/client'
import { restrictNewFilesToOwner } from '@/db/private-files'
import { fail, parseCliArgs } from '../cli/args'
import { signInAll } from './harness/browser'
import {
  addStaff,
  BACKENDS,
  build,
  cleanUp,
  onCleanUp,
  serverActionId,
  SIGN_IN_ACTION,
  startServer,
  stopServer,
  throwawayDatabase,
  type Backend,
} from './harness/lifecycle'
import { MIX, runPhase, type PhaseResult } from './load/phase'
import { printReport, writeResults } from './load/report'
import { sampleRss } from './load/rss'
import { countSavesByStaffLogin, pickWorkload, seed, type Workload } from './load/workload'

const args = parseCliArgs(
  {
    backend: { type: 'string', default: 'pglite' },
    patients: { type: 'string', default: '100000' },
    port: { type: 'string', default: '3400' },
    'skip-build': { type: 'boolean', default: false },
  },
  'npm run bench:load -- [--backend pglite|postgres] [--patients N] [--port N] [--skip-build]',
)
const backend = args.backend as Backend
const PATIENTS = Number(args.patients)
// docs/performance-targets.md#under-load: the server's resident memory under load.
const RSS_LIMIT_MB: Record<Backend, number> = { postgres: 420, pglite: 770 }
const STAFF = { coordinator: 30, physician: 20 } as const

async function main(): Promise<boolean> {
  // Data folders, backups and reports this command writes are its user's alone.
  restrictNewFilesToOwner()
  if (!BACKENDS.includes(backend)) fail(`--backend is one of ${BACKENDS.join(', ')}`)
  if (!Number.isInteger(PATIENTS) || PATIENTS < 1) fail('--patients is a positive integer')
  build(args['skip-build'])
  const actions = {
    signIn: serverActionId(...SIGN_IN_ACTION),
    recordFollowUp: serverActionId(
      'app/(app)/(clinic)/candidates/[id]/actions.ts',
      'recordFollowUpAction',
    ),
  }

  // 1. The database: staff and patients in before the server opens it (PGlite allows one process).
  const database = await throwawayDatabase(backend)
  const handle = await openDatabase(database.config)
  const closeDatabase = onCleanUp('close the database', () => handle.close())
  const staff = await addStaff(handle, STAFF)
  await seed(handle, staff, PATIENTS)
  const workload: Workload = { ...(await pickWorkload(handle)), actions }
  await closeDatabase()
  console.log(
    `  ${workload.dueFollowUps.length.toLocaleString('en-US')} follow-ups open and in their window today`,
  )

  // 2. The server, its memory sampled throughout, and 50 signed-in members.
  const server = await startServer(database.env, Number(args.port))
  const rss = sampleRss(server.process.pid!)
  const users = await signInAll(server.origin, actions.signIn, staff)

  // 3. The two phases of docs/performance-targets.md#under-load.
  const phases: PhaseResult[] = []
  phases.push(
    await runPhase(
      {
        name: 'A: candidates list',
        connections: 10,
        seconds: 15,
        mix: [{ kind: 'candidates list', weight: 1 }],
        userFor: () => users[0]!,
      },
      server.origin,
      workload,
      rss,
    ),
  )
  phases.push(
    await runPhase(
      {
        name: 'B: 50 members, mixed',
        connections: users.length,
        seconds: 60,
        mix: MIX,
        userFor: (connection) => users[connection]!,
      },
      server.origin,
      workload,
      rss,
    ),
  )
  const peakRssMb = rss.overallPeakMb()
  rss.stop()
  const errors = phases.reduce((sum, phase) => sum + phase.errors, 0)
  if (errors > 0) console.log(`\nThe server's last lines:\n${server.log.join('\n')}`)
  await stopServer(server.process)

  // 4. Every acknowledged save is in the database (one still in flight at the end may be too).
  const check = await openDatabase(database.config)
  const landed = await countSavesByStaffLogin(check, staff).finally(() => check.close())
  const sent = phases.reduce((sum, phase) => sum + phase.saves.sent, 0)
  const acknowledged = phases.reduce((sum, phase) => sum + phase.saves.acknowledged, 0)
  const savesLanded = landed >= acknowledged && landed <= sent

  printReport({ backend, patients: PATIENTS, rssLimitMb: RSS_LIMIT_MB[backend] }, phases, peakRssMb)
  console.log(
    `Follow-up saves: ${acknowledged} acknowledged, ${landed} recorded in the database (${sent} sent)` +
      (savesLanded ? '' : ' — MISMATCH'),
  )
  const rssWithinLimit = peakRssMb <= RSS_LIMIT_MB[backend]
  const passed = errors === 0 && rssWithinLimit && savesLanded
  writeResults(backend, {
    ranAt: new Date().toISOString(),
    patients: PATIENTS,
    staff: users.length,
    phases,
    peakRssMb: Math.round(peakRssMb),
    rssLimitMb: RSS_LIMIT_MB[backend],
    followUpSaves: { sent, acknowledged, landed },
    passed,
  })
  console.log(
    passed
      ? 'PASS: no errors, RSS within the limit'
      : `FAIL: ${errors} errors${rssWithinLimit ? '' : ', RSS over the limit'}${savesLanded ? '' : ', saves missing'}`,
  )
  return passed
}

main()
  .then(async (passed) => {
    await cleanUp()
    process.exit(passed ? 0 : 1)
  })
  .catch(async (error: unknown) => {
    console.error(`Load benchmark failed: ${error instanceof Error ? error.stack : String(error)}`)
    await cleanUp()
    process.exit(1)
  })
