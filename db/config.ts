import path from 'node:path'

export type DatabaseConfig =
  | { backend: 'postgres'; url: string }
  // `memory://` keeps PGlite in memory (tests); anything else is a folder on disk.
  | { backend: 'pglite'; dir: string }

/** The one place that decides the backend: PostgreSQL when DATABASE_URL is set, else PGlite. */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const url = env.DATABASE_URL?.trim()
  if (url) return { backend: 'postgres', url }
  const dir = env.PGLITE_DIR?.trim()
  if (dir === 'memory://') return { backend: 'pglite', dir }
  // path.join(process.cwd(), …) rather than path.resolve(env…): Turbopack would trace the
  // whole project for the latter.
  return {
    backend: 'pglite',
    dir: dir ? path.join(dir) : path.join(process.cwd(), 'data', 'pglite'),
  }
}

export function describeDatabase(config: DatabaseConfig): string {
  if (config.backend === 'pglite') return `PGlite (${config.dir})`
  const url = new URL(config.url)
  return `PostgreSQL (${url.hostname}:${url.port || 5432}${url.pathname})`
}
