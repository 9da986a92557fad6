import os from 'node:os'
import path from 'node:path'
import { defineConfig } from '@playwright/test'
import { baseConfig, baseUse } from './e2e/playwright-base'

// The fault suite (issue 8): `next start` servers it kills with SIGKILL, restarts and (in CI)
// cuts off from PostgreSQL by stopping the cluster. Apart from the e2e suite: one test at a
// time, its own servers on ports 3210-3212 and fresh databases, on the build `npm run
// test:build` makes (FAULTS_DIST_DIR to use another). `npm run test:faults` builds and runs
// it; .ci/run runs it last and alone, as the outage stops the PostgreSQL the others use.
export default defineConfig({
  ...baseConfig('faults'),
  testDir: './e2e/faults',
  testMatch: '*.faults.ts',
  // Not under test-results: an e2e run empties that folder, traces being written included.
  outputDir: path.join(os.tmpdir(), 'augment-faults-results'),
  // A fault test that passes only on a second try is a finding, not noise.
  retries: 0,
  workers: 1,
  fullyParallel: false,
  timeout: 240_000,
  expect: { timeout: 15_000 },
  use: baseUse,
})
