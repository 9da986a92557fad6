// The app as the benchmarks run it (npm run bench:load, bench:lighthouse): a production build in
// its own folder, a throwaway database, `next start` on loopback. Whatever a run sets up is undone
// at its end, on failure and on Ctrl-C. Signing staff in, as a browser does, is in ./browser.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { DatabaseHandle } from '@/db/client'
import type { DatabaseConfig } from '@/db/config'
import type { StaffRole } from '@/db/schema'
import { hashPassword, generatePassword } from '@/lib/auth/password'
import { insertStaffRow } from '@/lib/staff/create'

export type Backend = 'pglite' | 'postgres'
export const BACKENDS: readonly Backend[] = ['pglite', 'postgres']
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
// Its own build folder, so a running demo or `npm test` build is never disturbed.
const DIST_DIR = '.next-load'

export interface StaffLogin {
  id: string
  email: string
  name: string
  role: StaffRole
  password: string
}

export function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1)
}

// ---- Clean-up: whatever the run set up is undone at the end, on failure and on Ctrl-C ----------

const undoSteps: { label: string; run: () => Promise<void> }[] = []

/** Registers an undo step; the function returned runs it now (once) instead of at the end. */
export function onCleanUp(label: string, run: () => Promise<void>): () => Promise<void> {
  const step = { label, run }
  undoSteps.push(step)
  return async () => {
    const index = undoSteps.indexOf(step)
    if (index === -1) return
    undoSteps.splice(index, 1)
    await run()
  }
}

let cleaning: Promise<void> | undefined
export function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (let step = undoSteps.pop(); step; step = undoSteps.pop()) {
      try {
        await step.run()
      } catch (error) {
        console.error(`  could not ${step.label}: ${String(error)}`)
      }
    }
  })()
  return cleaning
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: cleaning up`)
    void cleanUp().finally(() => process.exit(130))
  })
}

// ---- Build -------------------------------------------------------------------------------------

/**
 * `next build` into DIST_DIR. Next rewrites tsconfig.json (it adds the folder's types) and
 * next-env.d.ts for a new dist folder: both are put back as they were, byte for byte.
 */
export function build(skipBuild: boolean) {
  const buildId = path.join(DIST_DIR, 'BUILD_ID')
  if (skipBuild) {
    if (!fs.existsSync(buildId))
      throw new Error(`--skip-build: no build in ${DIST_DIR}; run without it once.`)
    console.log(`Reusing the build in ${DIST_DIR}`)
    return
  }
  const rewritten = ['tsconfig.json', 'next-env.d.ts'].map((file) => ({
    file,
    before: fs.existsSync(file) ? fs.readFileSync(file) : null,
  }))
  console.log(`Building into ${DIST_DIR} (next build)`)
  try {
    const result = spawnSync(process.execPath, [nextBin(), 'build'], {
      stdio: 'inherit',
      env: { ...process.env, NEXT_DIST_DIR: DIST_DIR, NEXT_TELEMETRY_DISABLED: '1' },
    })
    if (result.status !== 0) throw new Error('The build failed.')
  } finally {
    for (const { file, before } of rewritten) {
      if (before === null) fs.rmSync(file, { force: true })
      else if (!fs.readFileSync(file).equals(before)) fs.writeFileSync(file, before)
    }
  }
}

export function nextBin(): string {
  return path.join(process.cwd(), 'node_modules', 'next', 'dist', 'bin', 'next')
}

/** A server action's id from the build's manifest: what its form posts in `Next-Action`. */
export function serverActionId(filename: string, exportedName: string): string {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(DIST_DIR, 'server', 'server-reference-manifest.json'), 'utf8'),
  ) as { node: Record<string, { filename: string; exportedName: string }> }
  const found = Object.entries(manifest.node).find(
    ([, entry]) => entry.filename === filename && entry.exportedName === exportedName,
  )
  if (!found) throw new Error(`No server action ${filename}#${exportedName} in the build`)
  return found[0]
}

export const SIGN_IN_ACTION = ['app/(auth)/login/actions.ts', 'signInAction'] as const

// ---- The throwaway database --------------------------------------------------------------------

/** A new database for this run; it is dropped (PostgreSQL) or deleted (PGlite) at the end. */
export async function throwawayDatabase(backend: Backend): Promise<{
  config: DatabaseConfig
  env: Record<string, string>
}> {
  if (backend === 'pglite') {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'augment-load-'))
    onCleanUp(`remove ${folder}`, async () => fs.rmSync(folder, { recursive: true, force: true }))
    const dir = path.join(folder, 'pglite')
    console.log(`PGlite in ${dir}`)
    return { config: { backend, dir }, env: { PGLITE_DIR: dir } }
  }
  const name = `augment_load_${process.pid}`
  const admin = new pg.Client({ connectionString: ADMIN_URL })
  await admin.connect()
  onCleanUp(`drop the database ${name}`, async () => {
    await admin.query(`drop database if exists ${name} with (force)`)
    await admin.end()
  })
  await admin.query(`create database ${name}`)
  const url = new URL(ADMIN_URL)
  url.pathname = `/${name}`
  console.log(`PostgreSQL database ${url.host}/${name}`)
  return { config: { backend, url: url.toString() }, env: { DATABASE_URL: url.toString() } }
}

/**
 * Staff with real argon2id hashes of generated passwords, as an admin would add them: `count`
 * of each role, named load-<role>-NN@bench.example.
 */
export async function addStaff(
  handle: DatabaseHandle,
  count: Partial<Record<StaffRole, number>>,
): Promise<StaffLogin[]> {
  const members: Omit<StaffLogin, 'id'>[] = Object.entries(count).flatMap(([role, n]) =>
    Array.from({ length: n }, (_, i) => ({
      email: `load-${role}-${String(i + 1).padStart(2, '0')}@bench.example`,
      name: `Load ${role} ${i + 1}`,
      role: role as StaffRole,
      password: generatePassword(20),
    })),
  )
  const staff: StaffLogin[] = []
  // One hash at a time: each holds ~19 MiB while it runs.
  for (const member of members) {
    const passwordHash = await hashPassword(member.password)
    const row = await insertStaffRow(
      handle.db,
      {
        email: member.email,
        name: member.name,
        role: member.role,
        passwordHash,
        mustChangePassword: false,
      },
      null,
    )
    if (!row) throw new Error(`${member.email} already exists`)
    staff.push({ ...member, id: row.id })
  }
  return staff
}

// ---- The server ---------------------------------------------------------------------------------

async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 50; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer()
      probe.once('error', () => resolve(false))
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
    })
    if (free) return port
  }
  throw new Error(`No free port in ${from}–${from + 49}`)
}

export interface Server {
  origin: string
  process: ChildProcess
  /** The last lines it printed, shown when something goes wrong. */
  log: string[]
}

/** The app's server (server.mjs, as `npm start`; production, not demo mode) on loopback, ready once /api/health answers. */
export async function startServer(
  databaseEnv: Record<string, string>,
  fromPort: number,
): Promise<Server> {
  const port = await freePort(fromPort)
  // Nothing of the caller's database or demo settings leaks in.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('AUGMENT_') && key !== 'DATABASE_URL' && key !== 'PGLITE_DIR',
    ),
  )
  const child = spawn(
    process.execPath,
    // The heap limit `npm start` sets (package.json): the server's memory is what is measured.
    ['--max-old-space-size=256', 'server.mjs', '-p', String(port), '-H', '127.0.0.1'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...inherited,
        ...databaseEnv,
        NODE_ENV: 'production',
        NEXT_DIST_DIR: DIST_DIR,
        NEXT_MANUAL_SIG_HANDLE: 'true',
        NEXT_TELEMETRY_DISABLED: '1',
        AUTH_SECRET: crypto.randomBytes(32).toString('base64url'),
        // Its accounts sign in with a password alone (two-factor is covered by its own tests).
        AUGMENT_REQUIRE_2FA: 'off',
      },
    },
  )
  const server: Server = { origin: `http://127.0.0.1:${port}`, process: child, log: [] }
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8')
    stream.on('data', (text: string) => {
      server.log.push(...text.split('\n').filter(Boolean))
      server.log.splice(0, server.log.length - 40)
    })
  }
  onCleanUp('stop the server', () => stopServer(child))
  const started = performance.now()
  while (performance.now() - started < 120_000) {
    if (child.exitCode !== null) {
      throw new Error(`The server exited (${child.exitCode}):\n${server.log.join('\n')}`)
    }
    const healthy = await fetch(`${server.origin}/api/health`).then(
      (response) => response.ok,
      () => false,
    )
    if (healthy) {
      console.log(`Server ${server.origin} (pid ${child.pid}) ready in ${seconds(started)} s`)
      return server
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`The server did not answer /api/health within 120 s:\n${server.log.join('\n')}`)
}

/** SIGTERM (the app closes its database), SIGKILL if it has not exited 15 s later. */
export async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(timer)
}
