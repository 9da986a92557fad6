import 'server-only'
import { sql } from 'drizzle-orm'
import { getDatabaseHandle } from '@/db/client'
import { databaseConfigFromEnv } from '@/db/config'

export interface DatabaseHealth {
  ok: boolean
  backend: 'postgresql' | 'pglite'
  /** The round trip of one `select 1` (or how long it waited before giving up). */
  latencyMs: number
}

// A stopped PostgreSQL refuses at once; a host that drops packets would make the check wait
// for the OS's connect timeout, far longer than a load balancer waits.
const CHECK_TIMEOUT_MS = 2_000

let inFlight: Promise<DatabaseHealth> | null = null
let lastOk: boolean | null = null

/**
 * Whether the app's own database connection answers now. Concurrent callers share one check,
 * so a burst of probes takes at most one pooled connection.
 */
export function checkDatabaseHealth(): Promise<DatabaseHealth> {
  inFlight ??= runCheck().finally(() => {
    inFlight = null
  })
  return inFlight
}

async function runCheck(): Promise<DatabaseHealth> {
  const backend = databaseConfigFromEnv().backend === 'postgres' ? 'postgresql' : 'pglite'
  const started = performance.now()
  let timer: NodeJS.Timeout | undefined
  let ok = false
  try {
    await Promise.race([
      // Through the app's pool: the check sees what requests see, and it reconnects with it.
      getDatabaseHandle().then(({ db }) => db.execute(sql`select 1`)),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)),
          CHECK_TIMEOUT_MS,
        )
      }),
    ])
    ok = true
  } catch (error) {
    // Logged once per change of state: the reason stays in the server's log, not the answer.
    if (lastOk !== false) {
      console.error(
        '[health] database unavailable:',
        error instanceof Error ? error.message : String(error),
      )
    }
  } finally {
    clearTimeout(timer)
  }
  if (ok && lastOk === false) console.log('[health] database available again')
  lastOk = ok
  return { ok, backend, latencyMs: Math.round(performance.now() - started) }
}
