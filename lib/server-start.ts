import 'server-only'
import path from 'node:path'
import { closeDatabase, getDatabaseHandle } from '@/db/client'
import { describeDatabase, databaseConfigFromEnv } from '@/db/config'
import { assertPrivateFolder, restrictNewFilesToOwner } from '@/db/private-files'
import { prepareDemo } from '@/lib/demo'
import { z } from 'zod'
import { appEnv, authSecret, isDemoMode } from '@/lib/env'
import { installNodeRequestGuard } from '@/lib/security/node-request-guard'

function refuseToStart(message: string): never {
  console.error(`\n[augment] ${message}\n[augment] The server is not starting.\n`)
  process.exit(1)
}

let shutdownInstalled = false
function closeDatabaseOnShutdown() {
  if (shutdownInstalled) return
  shutdownInstalled = true
  // `next start` leaves signals to us when NEXT_MANUAL_SIG_HANDLE=true (set by `npm start`):
  // PGlite must be closed, or its folder is left with a stale postmaster.pid and our lock.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      closeDatabase()
        .catch((error: unknown) =>
          console.error('[augment] error while closing the database:', error),
        )
        .finally(() => process.exit(0))
    })
  }
}

export async function startServer(): Promise<void> {
  // Before anything is written: the PGlite folder, ./data and the demo secret are owner-only.
  restrictNewFilesToOwner()
  installNodeRequestGuard()
  const config = databaseConfigFromEnv()
  try {
    assertPrivateFolder(path.join(process.cwd(), 'data'))
    if (config.backend === 'pglite' && config.dir !== 'memory://') assertPrivateFolder(config.dir)
  } catch (error) {
    refuseToStart(error instanceof Error ? error.message : String(error))
  }
  try {
    appEnv()
    authSecret()
  } catch (error) {
    if (error instanceof z.ZodError) refuseToStart(z.prettifyError(error))
    refuseToStart(error instanceof Error ? error.message : String(error))
  }
  let handle
  try {
    handle = await getDatabaseHandle()
  } catch (error) {
    refuseToStart(
      `Database could not be opened or migrated: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  closeDatabaseOnShutdown()
  console.log(`[augment] database: ${describeDatabase(handle.config)}`)
  if (isDemoMode()) await prepareDemo(handle)
}
