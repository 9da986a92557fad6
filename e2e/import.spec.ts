import fs from 'node:fs/promises'
import { expect, test, type Page } from '@playwright/test'
import { accounts, signIn } from './support'

const HEADER =
  'mrn,first_name,last_name,date_of_birth,sex,phone,referral_date,referring_physician,etiology,assigned_physician_email,pain_onset_date'

/** MRNs no other run (or worker) uses: the e2e database outlives a single test. */
function uniqueMrns(n: number): string[] {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 90 + 10)}`
  return Array.from({ length: n }, (_, i) => `E${stamp}${i}`)
}

function referralLine(mrn: string, change: { sex?: string } = {}) {
  return [
    mrn,
    'Imported',
    `Patient ${mrn}`,
    '1950-05-01',
    change.sex ?? 'female',
    '555-0100',
    '2025-10-06',
    // A quoted field with a comma, as spreadsheets write it.
    '"Hopper, Grace"',
    'osteoporotic',
    accounts.physician,
    '',
  ].join(',')
}

/** Signs in and opens the import page, whatever the role's home page shows meanwhile. */
async function openImportPage(page: Page, email: string) {
  await signIn(page, email)
  await expect(page).not.toHaveURL(/\/login/)
  return page.goto('/candidates/import')
}

async function importFile(page: Page, name: string, lines: string[]) {
  await page.getByLabel('CSV file').setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from([HEADER, ...lines].join('\r\n')),
  })
  await page.getByRole('button', { name: 'Import' }).click()
}

test.describe('Import CSV', () => {
  test('a coordinator downloads the template and imports a valid file', async ({ page }) => {
    await openImportPage(page, accounts.coordinator)
    await expect(page.getByRole('heading', { name: 'Import CSV' })).toBeVisible()
    await expect(page.getByRole('cell', { name: 'assigned_physician_email' })).toBeVisible()

    const downloading = page.waitForEvent('download')
    await page.getByRole('link', { name: 'Download the template' }).click()
    const download = await downloading
    expect(download.suggestedFilename()).toBe('referrals-template.csv')
    const template = await fs.readFile(await download.path(), 'utf8')
    expect(template.split('\r\n')[0]).toBe(HEADER)

    const mrns = uniqueMrns(3)
    await importFile(
      page,
      'referrals.csv',
      mrns.map((mrn) => referralLine(mrn)),
    )
    await expect(page.getByRole('main').getByRole('status')).toContainText('Imported 3 patients')

    // Found on the list by MRN: they are ordinary referred patients now.
    await page.goto('/candidates')
    const search = page.getByRole('searchbox', { name: 'Search candidates' })
    await search.fill(mrns[1]!)
    await search.press('Enter')
    await expect(page.getByRole('cell', { name: mrns[1]!, exact: true })).toBeVisible()
  })

  test('a file with one bad row shows where and imports nothing', async ({ page }) => {
    await openImportPage(page, accounts.physician)
    const [first, bad, last] = uniqueMrns(3) as [string, string, string]

    await importFile(page, 'one-bad-row.csv', [
      referralLine(first),
      referralLine(bad, { sex: 'F.' }),
      referralLine(last),
    ])
    const main = page.getByRole('main')
    await expect(main.getByRole('alert')).toHaveText(
      '1 error found: nothing was imported. Correct the file and import it again.',
    )
    const errorRow = main.getByRole('table', { name: '1 error' }).getByRole('row').nth(1)
    await expect(errorRow.getByRole('cell')).toHaveText([
      '3',
      'sex',
      'Use one of: female, male, other, unknown',
    ])

    // Had the good rows been written, their MRNs would now be refused as already stored.
    await importFile(page, 'fixed.csv', [referralLine(first), referralLine(last)])
    await expect(main.getByRole('status')).toContainText('Imported 2 patients')
  })

  test('a cross-site upload is refused', async ({ page }) => {
    await signIn(page, accounts.coordinator)
    await expect(page).not.toHaveURL(/\/login/)
    const response = await page.request.post('/candidates/import/upload', {
      headers: { Origin: 'https://attacker.example' },
      multipart: {
        file: { name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from(HEADER) },
      },
    })
    expect(response.status()).toBe(403)
  })

  test('an admin is refused the page, the template and the upload', async ({ page }) => {
    const response = await openImportPage(page, accounts.admin)
    expect(response?.status()).toBe(403)
    await expect(
      page.getByRole('heading', { name: 'You do not have access to this page' }),
    ).toBeVisible()
    expect((await page.request.get('/candidates/import/template')).status()).toBe(403)
    const upload = await page.request.post('/candidates/import/upload', {
      multipart: {
        file: { name: 'x.csv', mimeType: 'text/csv', buffer: Buffer.from(HEADER) },
      },
    })
    expect(upload.status()).toBe(403)
  })
})
