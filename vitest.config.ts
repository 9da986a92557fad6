import os from 'node:os'
import path from 'node:path'
import { defineConfig } from 'vitest/config'

const alias = {
  '@': path.resolve(__dirname),
  // Outside Next's server bundler the guard would throw on import; tests run server code directly.
  'server-only': path.resolve(__dirname, 'db/testing/empty-module.ts'),
}

// In CI each run also writes a JSON report that .ci/summary.mjs adds up.
const project = process.argv[process.argv.indexOf('--project') + 1] ?? 'all'
const runName = `vitest-${project}-${process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite'}`

export default defineConfig({
  test: {
    // Vitest leaves one core free by default: on two cores that runs every file one at a time.
    maxWorkers: os.availableParallelism(),
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: `test-reports/${runName}.json` },
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          environment: 'node',
          include: ['{lib,db,components,scripts}/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', 'node_modules/**'],
          // Property tests run hundreds of cases: 5 s (the default) is not enough on two busy cores.
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          environment: 'node',
          include: ['{lib,db,scripts}/**/*.int.test.ts'],
          globalSetup: ['db/testing/pglite-template.ts'],
          setupFiles: ['db/testing/integration-setup.ts'],
          // A fresh database per file: PGlite in memory, or a new PostgreSQL database when
          // TEST_DATABASE_URL is set (CI).
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
