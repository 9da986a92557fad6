import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { expect, type Browser, type BrowserContext } from '@playwright/test'
import pg from 'pg'
import { openDatabase } from '../../db/client'
import type { DatabaseConfig } from '../../db/config'
import { lockDatabaseFolder } from '../../db/lock'
import { insertStaffMember } from '../../lib/staff/create'
import { signIn } from '../support'

// The fault suite's plumbing: real `next start` servers on the built app (never the e2e
// suite's), each on a fresh database, that the specs kill with SIGKILL, restart, and look
// into directly. No mocks: the database is PGlite in a folder or a real PostgreSQL.

const root = path.join(__dirname, '..', '..')
/** The build to start: `npm run test:build`'s, as the e2e suite's. */
export const distDir = process.env.FAULTS_DIST_DIR ?? '.next-test'
/** The PostgreSQL the suite creates its throwaway databases through (unset: PGlite only). */
export const adminUrl = process.env.TEST_DATABASE_URL
export const password = 'fault suite passphrase for staff'
export const coordinatorEmail = 'coordinator@faults.test'
export const physicianEmail = 'physician@faults.test'
export const physicianName = 'Dr. Fault Physician'

const log = (message: string) => console.log(`[faults] ${message}`)

// ---- Databases ---------------------------------------------------------------------------------

export interface TestDatabase {
  label: 'PGlite' | 'PostgreSQL'
  config: DatabaseConfig
  /** Runs one query directly (PGlite: only while no server holds the folder). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>
  drop(): Promise<void>
}

/** A fresh, migrated database with a coordinator and a physician who sign in with `password`. */
export async function freshDatabase(backend: 'pglite' | 'postgres'): Promise<TestDatabase> {
  let database: TestDatabase
  if (backend === 'pglite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'augment-faults-'))
    database = {
      label: 'PGlite',
      config: { backend: 'pglite', dir },
      async query<T>(text: string, params?: unknown[]) {
        // The app's own lock: refused (rather than corrupting) if a server still holds it.
        const release = lockDatabaseFolder(dir)
        try {
          const client = await PGlite.create(dir)
          try {
            return (await client.query<T>(text, params)).rows
          } finally {
            await client.close()
          }
        } finally {
          release()
        }
      },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    }
  } else {
    if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set')
    const name = `augment_faults_${crypto.randomBytes(5).toString('hex')}`
    await adminQuery(`create database ${name}`)
    const url = new URL(adminUrl)
    url.pathname = `/${name}`
    database = {
      label: 'PostgreSQL',
      config: { backend: 'postgres', url: url.toString() },
      async query<T>(text: string, params?: unknown[]) {
        const client = new pg.Client({ connectionString: url.toString() })
        await client.connect()
        try {
          return (await client.query(text, params)).rows as T[]
        } finally {
          await client.end()
        }
      },
      drop: () => adminQuery(`drop database if exists ${name} with (force)`),
    }
  }
  const handle = await openDatabase(database.config)
  try {
    for (const [email, name, role] of [
      [coordinatorEmail, 'Fault Coordinator', 'coordinator'],
      [physicianEmail, physicianName, 'physician'],
    ] as const) {
      await insertStaffMember(
        handle.db,
        { email, name, role, password, mustChangePassword: false },
        null,
      )
    }
  } finally {
    await handle.close()
  }
  return database
}

async function adminQuery(text: string) {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

// ---- Servers -----------------------------------------------------------------------------------

export interface AppServer {
  origin: string
  /** Everything the server printed, for failure messages. */
  output(): string
  /** SIGKILL to its whole process group: no handler runs, nothing is flushed or closed. */
  kill9(): Promise<void>
  /** SIGTERM, as `npm start` is stopped: the database is closed cleanly. */
  stop(): Promise<void>
}

const serverScript = path.join(root, 'server.mjs')
const secret = crypto.randomBytes(32).toString('base64url')

/** The app's server (server.mjs, as `npm start`) on the built app, ready once GET /api/health answers 200. */
export async function startServer(database: TestDatabase, port: number): Promise<AppServer> {
  if (!fs.existsSync(path.join(root, distDir, 'BUILD_ID'))) {
    throw new Error(`No build in ${distDir}: run npm run test:build first`)
  }
  const started = Date.now()
  const child = spawn(process.execPath, [serverScript, '-p', String(port), '-H', '127.0.0.1'], {
    cwd: root,
    // Its own process group, so a SIGKILL reaches every process of the server.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_DIST_DIR: distDir,
      NEXT_MANUAL_SIG_HANDLE: 'true',
      NEXT_TELEMETRY_DISABLED: '1',
      AUTH_SECRET: secret,
      AUGMENT_DEMO: '',
      // Its accounts sign in with a password alone (two-factor is covered by its own tests).
      AUGMENT_REQUIRE_2FA: 'off',
      DATABASE_URL: database.config.backend === 'postgres' ? database.config.url : '',
      PGLITE_DIR: database.config.backend === 'pglite' ? database.config.dir : '',
    },
  })
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += String(chunk)))
  child.stderr!.on('data', (chunk: Buffer) => (output += String(chunk)))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  let running = true
  void exited.then(() => (running = false))

  const origin = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 90_000
  for (;;) {
    if (!running) throw new Error(`The server exited while starting:\n${output}`)
    if (Date.now() > deadline) {
      killGroup(child)
      throw new Error(`The server did not answer within 90 s:\n${output}`)
    }
    const health = await fetch(`${origin}/api/health`).catch(() => null)
    if (health?.status === 200) break
    await sleep(200)
  }
  log(`${database.label} server on :${port} ready in ${Date.now() - started} ms`)

  return {
    origin,
    output: () => output,
    async kill9() {
      killGroup(child)
      await exited
      log(`${database.label} server on :${port} killed with SIGKILL`)
    },
    async stop() {
      if (!running) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => killGroup(child), 15_000)
      await exited
      clearTimeout(timer)
    },
  }
}

function killGroup(child: ChildProcess) {
  try {
    process.kill(-child.pid!, 'SIGKILL')
  } catch {
    // Already gone.
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// ---- Sessions ----------------------------------------------------------------------------------

/** A browser context on `server` signed in as the coordinator. */
export async function signedInCoordinator(
  browser: Browser,
  server: AppServer,
): Promise<BrowserContext> {
  const context = await browser.newContext({ baseURL: server.origin })
  const page = await context.newPage()
  await signIn(page, coordinatorEmail, password)
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
  await page.close()
  return context
}

/** The context's session cookies as a Cookie header, for requests made outside the browser. */
export async function cookieHeader(context: BrowserContext): Promise<string> {
  const cookies = await context.cookies()
  expect(cookies.length).toBeGreaterThan(0)
  return cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ')
}

// ---- The PostgreSQL cluster --------------------------------------------------------------------

/** The local cluster .ci/run starts: `pg_ctlcluster <version> main`. */
function clusterCommand(action: 'stop' | 'start'): [string, string[]] {
  const override = process.env[action === 'stop' ? 'FAULTS_PG_STOP' : 'FAULTS_PG_START']
  if (override) return ['sh', ['-c', override]]
  const version = fs.readdirSync('/etc/postgresql').sort().pop()!
  return ['pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', action]]
}

export function cluster(action: 'stop' | 'start') {
  const [command, args] = clusterCommand(action)
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 })
  if (result.status !== 0) {
    throw new Error(`${action} the PostgreSQL cluster failed: ${result.stderr || result.error}`)
  }
  log(`PostgreSQL cluster: ${action}`)
}

/** True when PostgreSQL accepts connections at TEST_DATABASE_URL. */
export async function postgresIsUp(): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 })
  try {
    await client.connect()
    await client.query('select 1')
    return true
  } catch {
    return false
  } finally {
    await client.end().catch(() => {})
  }
}
