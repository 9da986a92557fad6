import { PGlite } from '@electric-sql/pglite'
import type { ExtractTablesWithRelations } from 'drizzle-orm'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import pg from 'pg'
import { databaseConfigFromEnv, type DatabaseConfig } from './config'
import { lockDatabaseFolder } from './lock'
import { migrateDatabase } from './migrate'
import { assertPrivateFolder } from './private-files'
import { installQueryErrorRedaction } from './query-errors'
import { alignOutcomeRollupTimeZone } from './outcome-rollup'
import { clinicTimeZone } from './time-zone'
import * as schema from './schema'

// Before any query: no error thrown by a query carries its parameter values (PHI).
installQueryErrorRedaction()

type Schema = typeof schema
export type Database = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0]
/** A database or an open transaction: functions that write take either. */
export type Executor = Database | Transaction

export interface DatabaseHandle {
  db: Database
  config: DatabaseConfig
  close(): Promise<void>
}

export interface OpenOptions {
  /** An in-memory PGlite starts from this image of a data folder (tests: one migrated image). */
  loadDataDir?: Blob
}

/** Opens a connection (and, for a PGlite folder, its lock) without touching the schema. */
export async function connect(
  config: DatabaseConfig,
  options: OpenOptions = {},
): Promise<DatabaseHandle> {
  // Sessions read dates in the clinic's zone, as the app does (calendar months:
  // docs/clinical-definitions.md#outcome-filters).
  const timeZone = clinicTimeZone()
  if (config.backend === 'postgres') {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: 10,
      options: `-c TimeZone=${timeZone}`,
    })
    // An idle client that loses its server must not crash the process.
    pool.on('error', (error) => console.error('[db] idle PostgreSQL client error:', error.message))
    const db = drizzlePg({ client: pool, schema }) as unknown as Database
    return { db, config, close: () => pool.end() }
  }
  const inMemory = config.dir === 'memory://'
  // A folder others can read is refused before it is opened (or written to).
  if (!inMemory) assertPrivateFolder(config.dir)
  const release = inMemory ? () => {} : lockDatabaseFolder(config.dir)
  try {
    // Durable writes: every commit is flushed before it returns (relaxedDurability off).
    const client = await PGlite.create(inMemory ? undefined : config.dir, {
      relaxedDurability: false,
      loadDataDir: inMemory ? options.loadDataDir : undefined,
    })
    await client
      .query(`select set_config('TimeZone', $1, false)`, [timeZone])
      .catch(async (error) => {
        await client.close()
        throw error
      })
    const db = drizzlePglite({ client, schema }) as unknown as Database
    return {
      db,
      config,
      close: async () => {
        try {
          await client.close()
        } finally {
          release()
        }
      },
    }
  } catch (error) {
    release()
    throw error
  }
}

/**
 * Connects and applies pending migrations, then rebuilds the outcome rollup if it counted days
 * in another time zone; a failure closes and rethrows.
 */
export async function openDatabase(
  config: DatabaseConfig,
  options: OpenOptions = {},
): Promise<DatabaseHandle> {
  const handle = await connect(config, options)
  try {
    await migrateDatabase(handle.db)
    await alignOutcomeRollupTimeZone(handle.db, clinicTimeZone())
  } catch (error) {
    await handle.close()
    throw error
  }
  return handle
}

// One database per process, kept on globalThis so dev-server reloads reuse it instead of
// opening the PGlite folder a second time.
const globalKey = Symbol.for('augment.database')
type GlobalWithDatabase = typeof globalThis & { [globalKey]?: Promise<DatabaseHandle> }
const holder = globalThis as GlobalWithDatabase

/** The process-wide database, opened (with `options`) and migrated on first use. */
export function getDatabaseHandle(options: OpenOptions = {}): Promise<DatabaseHandle> {
  if (!holder[globalKey]) {
    const opening = openDatabase(databaseConfigFromEnv(), options)
    // A failed open is not cached: the next request tries again (e.g. PostgreSQL came back).
    opening.catch(() => {
      if (holder[globalKey] === opening) delete holder[globalKey]
    })
    holder[globalKey] = opening
  }
  return holder[globalKey]
}

export async function getDb(): Promise<Database> {
  return (await getDatabaseHandle()).db
}

export async function closeDatabase(): Promise<void> {
  const opening = holder[globalKey]
  if (!opening) return
  delete holder[globalKey]
  const handle = await opening.catch(() => null)
  await handle?.close()
}
