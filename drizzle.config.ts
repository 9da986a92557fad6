import { defineConfig } from 'drizzle-kit'

// Only `drizzle-kit generate` uses this file: it diffs db/schema.ts against the committed
// snapshots and writes SQL. Migrations are applied by db/migrate.ts on both backends.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
  strict: true,
  verbose: true,
})
