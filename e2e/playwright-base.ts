import { devices, type PlaywrightTestConfig } from '@playwright/test'

// What the e2e suite (playwright.config.ts) and the fault suite (playwright.faults.config.ts)
// share: the system Chromium with its flags, traces on failure, CI's guard and reports.

/** No `.only` left in on CI, one Chromium project, and on CI a JSON report under test-reports/. */
export function baseConfig(suite: 'e2e' | 'faults') {
  return {
    forbidOnly: Boolean(process.env.CI),
    reporter: process.env.CI
      ? [['list'], ['json', { outputFile: `test-reports/${suite}-results.json` }]]
      : [['list']],
    projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  } satisfies PlaywrightTestConfig
}

/** The production build the suites' server runs, from the project's root (`npm run test:build`). */
export const testDistDir = process.env.E2E_DIST_DIR ?? '.next-test'

/**
 * The clinic's time zone the suites' servers run in (AUGMENT_TIME_ZONE): half a day from UTC,
 * with summer time. The browsers run in another zone (America/Denver), so a date-time read or
 * shown in the server's or the browser's zone instead of the clinic's fails a test.
 */
export const clinicZone = 'Pacific/Auckland'

export const baseUse = {
  timezoneId: 'America/Denver',
  // Recording a trace of every test (to keep the failures') costs the busy box minutes: record
  // the retry's (CI retries once), and locally run again with --trace on to see one.
  trace: 'on-first-retry',
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  },
} satisfies PlaywrightTestConfig['use']
