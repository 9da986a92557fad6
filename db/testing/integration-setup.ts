import crypto from 'node:crypto'
import fs from 'node:fs'
import pg from 'pg'
import { afterAll, beforeAll, inject } from 'vitest'
import { closeDatabase, getDatabaseHandle } from '../client'

// Each test file gets its own empty, migrated database (on PGlite, from the run's one image:
// db/testing/pglite-template.ts).
const adminUrl = process.env.TEST_DATABASE_URL
let databaseName: string | undefined

process.env.__NEXT_EXPERIMENTAL_AUTH_INTERRUPTS = 'true'
// A per-run secret: two-factor secrets are sealed with a key derived from it.
process.env.AUTH_SECRET ??= crypto.randomBytes(32).toString('base64url')
// Outside demo mode every role must enrol in two-factor sign-in first; most files test what a
// member does once past that, so they start with it off. The files about it switch it back on.
process.env.AUGMENT_REQUIRE_2FA ??= 'off'

beforeAll(async () => {
  if (adminUrl) {
    databaseName = `augment_test_${crypto.randomBytes(6).toString('hex')}`
    await withAdminClient((client) => client.query(`create database ${databaseName}`))
    const url = new URL(adminUrl)
    url.pathname = `/${databaseName}`
    process.env.DATABASE_URL = url.toString()
  } else {
    delete process.env.DATABASE_URL
    process.env.PGLITE_DIR = 'memory://'
  }
  const template = inject('pgliteTemplate')
  await getDatabaseHandle(template ? { loadDataDir: new Blob([fs.readFileSync(template)]) } : {})
})

afterAll(async () => {
  await closeDatabase()
  if (adminUrl && databaseName) {
    await withAdminClient((client) =>
      client.query(`drop database if exists ${databaseName} with (force)`),
    )
  }
})

async function withAdminClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
