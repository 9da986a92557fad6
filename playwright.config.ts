import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { defineConfig } from '@playwright/test'
import { baseConfig, baseUse, clinicZone, testDistDir } from './e2e/playwright-base'

// The suite runs the built app (`npm run test:build`, into .next-test) on its own port and
// its own throwaway PGlite folder, so it never touches a running demo or its data.
const port = Number(process.env.E2E_PORT ?? 3100)
// Workers inherit the main process's environment: one folder per run, not per worker.
process.env.E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), 'augment-e2e-'))
process.env.E2E_PASSWORD ??= 'e2e-password-for-demo-accounts'
// A fresh secret per run, as a canary: e2e/leaks.spec.ts looks for it in every response and
// every public build file, so it must be a value that appears nowhere else.
process.env.E2E_AUTH_SECRET ??= `e2e-canary-secret-${crypto.randomBytes(24).toString('hex')}`

export default defineConfig({
  ...baseConfig('e2e'),
  testDir: './e2e',
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  // Sized for two busy cores: a test that takes 20 s on an idle box can take twice that.
  timeout: 60_000,
  globalTeardown: './e2e/global-teardown.ts',
  use: {
    ...baseUse,
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `node server.mjs -p ${port}`,
    url: `http://127.0.0.1:${port}/login`,
    reuseExistingServer: false,
    // Seeding 1,000 patients into a fresh PGlite folder takes a few seconds idle, far more busy.
    timeout: 180_000,
    stdout: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    env: {
      NEXT_DIST_DIR: testDistDir,
      NEXT_MANUAL_SIG_HANDLE: 'true',
      NEXT_TELEMETRY_DISABLED: '1',
      PGLITE_DIR: process.env.E2E_DATA_DIR,
      DATABASE_URL: '',
      AUGMENT_DEMO: '1',
      AUGMENT_DEMO_PASSWORD: process.env.E2E_PASSWORD,
      AUTH_SECRET: process.env.E2E_AUTH_SECRET,
      // Specs reach the server on 127.0.0.1 and give each client an address of its own in
      // X-Forwarded-For, so one spec's failed sign-ins never throttle another's. Requests on
      // ::1 are an untrusted client's (e2e/sign-in-concurrency.spec.ts checks its header is
      // ignored).
      AUGMENT_TRUSTED_PROXIES: '127.0.0.1/32',
      AUGMENT_TIME_ZONE: clinicZone,
      // Both loopback addresses (the demo alone would answer 127.0.0.1 only).
      HOST: '::',
    },
  },
})
