import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import type { TestProject } from 'vitest/node'
import { openDatabase } from '../client'

// Creating a PGlite database and applying every migration takes seconds of WASM work; each
// integration file on PGlite starts instead from one image of a migrated database, made here
// once per run. (On PostgreSQL each file still gets a new database, migrated.)

declare module 'vitest' {
  export interface ProvidedContext {
    /** A tar image of an empty, migrated PGlite data folder; unset on PostgreSQL. */
    pgliteTemplate?: string
  }
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) return
  const handle = await openDatabase({ backend: 'pglite', dir: 'memory://' })
  let image: Blob
  try {
    image = await (handle.db as unknown as { $client: PGlite }).$client.dumpDataDir('none')
  } finally {
    await handle.close()
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'augment-pglite-template-'))
  const file = path.join(dir, 'migrated.tar')
  fs.writeFileSync(file, Buffer.from(await image.arrayBuffer()))
  project.provide('pgliteTemplate', file)
  return () => fs.rmSync(dir, { recursive: true, force: true })
}
