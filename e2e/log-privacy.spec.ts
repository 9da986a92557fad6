import { spawn, type ChildProcess } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { accounts, password } from './support'
import { testDistDir } from './playwright-base'

// PHI stays out of the server's log: hostile inputs carrying a patient's identifiers (a NUL
// byte in a name, in an import cell, a bidi override) used to fail in the database, and the
// failed query was logged with its parameters. This spec runs its own server so it can read
// everything that server writes to stdout and stderr, then looks for the identifiers.

const port = Number(process.env.E2E_PORT ?? 3100) + 50
const baseURL = `http://127.0.0.1:${port}`
const stamp = crypto.randomBytes(4).toString('hex').toUpperCase()
const CANARY = {
  mrn: `CAN${stamp}`,
  importMrn: `CIM${stamp}`,
  firstName: `Canaryfirst${stamp}`,
  lastName: `Canarylast${stamp}`,
  dateOfBirth: '1939-03-17',
  importDateOfBirth: '1938-11-23',
}

let server: ChildProcess
let log = ''
let dataDir: string

test.describe.configure({ mode: 'serial', timeout: 240_000 })
test.use({ baseURL })

test.beforeAll(async () => {
  test.setTimeout(180_000)
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'augment-log-privacy-'))
  server = spawn(
    process.execPath,
    ['node_modules/next/dist/bin/next', 'start', '-p', String(port)],
    {
      env: {
        ...process.env,
        NEXT_DIST_DIR: testDistDir,
        NEXT_MANUAL_SIG_HANDLE: 'true',
        NEXT_TELEMETRY_DISABLED: '1',
        PGLITE_DIR: path.join(dataDir, 'pglite'),
        DATABASE_URL: '',
        AUGMENT_DEMO: '1',
        AUGMENT_DEMO_PASSWORD: password(),
        AUTH_SECRET: crypto.randomBytes(32).toString('base64url'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  server.stdout!.on('data', (chunk: Buffer) => (log += String(chunk)))
  server.stderr!.on('data', (chunk: Buffer) => (log += String(chunk)))
  await expect
    .poll(
      async () => {
        try {
          return (await fetch(`${baseURL}/login`)).status
        } catch {
          return 0
        }
      },
      { timeout: 150_000, intervals: [1000] },
    )
    .toBe(200)
})

test.afterAll(async () => {
  if (server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve))
    server.kill('SIGTERM')
    await exited
  }
  fs.rmSync(dataDir, { recursive: true, force: true })
})

async function signInAsCoordinator(page: Page) {
  await page.goto('/login')
  await page.getByLabel('Email').fill(accounts.coordinator)
  await page.getByLabel('Password').fill(password())
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible({ timeout: 30_000 })
}

/** Types into an input as a hostile client would: what a browser's fill() might clean. */
async function setRawValue(page: Page, label: string, value: string) {
  await page.getByLabel(label, { exact: true }).evaluate((element, text) => {
    ;(element as HTMLInputElement).value = text
  }, value)
}

test('hostile names and import cells are refused by field, and no identifier reaches the log', async ({
  page,
}) => {
  await signInAsCoordinator(page)

  // 1. A NUL byte in a name, with the patient's MRN and date of birth beside it.
  await page.goto('/candidates/new')
  await page.getByLabel('MRN').fill(CANARY.mrn)
  await setRawValue(page, 'First name', `${CANARY.firstName}\u0000`)
  await page.getByLabel('Last name').fill(CANARY.lastName)
  await page.getByLabel('Date of birth').fill(CANARY.dateOfBirth)
  await page.getByLabel('Sex').selectOption('female')
  await page.getByLabel('Referral date').fill('2026-11-20')
  await page.getByLabel('Referring physician').fill('Dr. Primary Care')
  await page.getByLabel('Etiology').selectOption('osteoporotic')
  await page.getByLabel('Assigned physician').selectOption({ index: 1 })
  await page.getByRole('button', { name: 'Save candidate' }).click()
  await expect(
    page.getByText('Remove the invisible control characters from this text'),
  ).toBeVisible()

  // 2. A bidi override in the other name.
  await setRawValue(page, 'First name', CANARY.firstName)
  await setRawValue(page, 'Last name', `\u202E${CANARY.lastName}`)
  await page.getByRole('button', { name: 'Save candidate' }).click()
  await expect(
    page.getByText('Remove the hidden text-direction characters from this text'),
  ).toBeVisible()

  // 3. A NUL in one cell of an import file.
  await page.goto('/candidates/import')
  const header =
    'mrn,first_name,last_name,date_of_birth,sex,phone,referral_date,referring_physician,etiology,assigned_physician_email,pain_onset_date'
  const row = [
    CANARY.importMrn,
    CANARY.firstName,
    `${CANARY.lastName}\u0000`,
    CANARY.importDateOfBirth,
    'female',
    '555-0100',
    '2025-10-06',
    'Dr. Hopper',
    'osteoporotic',
    accounts.physician,
    '',
  ].join(',')
  await page.getByLabel('CSV file').setInputFiles({
    name: 'hostile.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from([header, row].join('\r\n')),
  })
  await page.getByRole('button', { name: 'Import' }).click()
  await expect(page.getByRole('main')).toContainText(
    'Remove the invisible control characters from this text',
  )

  // 4. Nothing was saved: the MRN finds no one.
  await page.goto(`/candidates?q=${CANARY.mrn}`)
  await expect(page.getByRole('cell', { name: CANARY.mrn })).toHaveCount(0)

  // 5. The server's whole output so far, after it has had time to flush.
  await page.waitForTimeout(1000)
  expect(log).toContain('[augment] database:')
  for (const [name, value] of Object.entries(CANARY)) {
    expect(log, `${name} in the server log`).not.toContain(value)
  }
  expect(log).not.toMatch(/params:/)
})
