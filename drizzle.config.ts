import { defineConfig } from 'drizzle-kit'

// Only `drizzle-kit generate` uses this file: it diffs the schema (db/schema/, one file per area,
// all re-exported by its index) against the committed snapshots and writes SQL. Migrations are
// applied by db/migrate.ts on both backends.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  strict: true,
  verbose: true,
})
