import fs from 'node:fs'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import type { DatabaseConfig } from '../config'
import { DatabaseFolderInUseError, lockDatabaseFolder } from '../lock'
import {
  describeContents,
  refuseOverData,
  type DatabaseContents,
  type RestoreResult,
} from './contents'
import { BackupRefusedError } from './refused'

// PGlite: its own dump of the data folder (a gzipped tarball), taken and restored under the
// folder's lock.

const PGLITE_LOCK_FILE = 'augment.lock'

export async function backupPglite(dir: string, out: string): Promise<DatabaseContents> {
  return withPgliteFolder(dir, 'back up', async (client) => {
    // Everything in the data files, so the copy needs no WAL replay to be current.
    await client.query('checkpoint')
    const contents = await describeContents((text) => client.query(text))
    const tarball = await client.dumpDataDir('gzip')
    fs.writeFileSync(out, Buffer.from(await tarball.arrayBuffer()))
    return contents
  })
}

export async function restorePglite(
  dir: string,
  file: string,
  { force }: { force: boolean },
): Promise<RestoreResult> {
  // Held from the first look at the target to the swap: no server opens it meanwhile.
  const release = lockFolder(dir, 'restore into')
  const staging = `${dir}.restoring-${process.pid}`
  const aside = `${dir}.replaced-${process.pid}`
  try {
    let before: DatabaseContents | null = null
    if (fs.existsSync(path.join(dir, 'PG_VERSION'))) {
      const client = await PGlite.create(dir)
      try {
        before = await describeContents((text) => client.query(text))
      } finally {
        await client.close()
      }
      refuseOverData(before, force)
    }

    fs.rmSync(staging, { recursive: true, force: true })
    fs.mkdirSync(staging, { recursive: true })
    const tarball = new Blob([fs.readFileSync(file)])
    const client = await PGlite.create(staging, { loadDataDir: tarball, relaxedDurability: false })
    let contents: DatabaseContents
    try {
      contents = await describeContents((text) => client.query(text))
      await client.query('checkpoint')
    } finally {
      await client.close()
    }
    // The tarball carries the backing-up process's lock; ours replaces it before the swap.
    fs.writeFileSync(path.join(staging, PGLITE_LOCK_FILE), String(process.pid))

    if (fs.existsSync(dir)) fs.renameSync(dir, aside)
    fs.renameSync(staging, dir)
    fs.rmSync(aside, { recursive: true, force: true })
    return { kind: 'pglite', contents, replaced: before }
  } catch (error) {
    // Put the original back if the swap got half way.
    if (!fs.existsSync(dir) && fs.existsSync(aside)) fs.renameSync(aside, dir)
    throw error
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
    release()
  }
}

export function folderOf(config: DatabaseConfig & { backend: 'pglite' }): string {
  if (config.dir === 'memory://') {
    throw new BackupRefusedError(
      'PGLITE_DIR is memory://: there is no folder to back up or restore.',
    )
  }
  return config.dir
}

function lockFolder(dir: string, verb: string): () => void {
  try {
    return lockDatabaseFolder(dir)
  } catch (error) {
    if (!(error instanceof DatabaseFolderInUseError)) throw error
    throw new BackupRefusedError(
      `Cannot ${verb} ${dir}: it is in use by PID ${error.pid} (a running server?). ` +
        'PGlite allows one process per folder: stop the server first.',
    )
  }
}

async function withPgliteFolder<T>(
  dir: string,
  verb: string,
  work: (client: PGlite) => Promise<T>,
): Promise<T> {
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    throw new BackupRefusedError(`There is no PGlite database in ${dir}.`)
  }
  const release = lockFolder(dir, verb)
  try {
    const client = await PGlite.create(dir)
    try {
      return await work(client)
    } finally {
      await client.close()
    }
  } finally {
    release()
  }
}
