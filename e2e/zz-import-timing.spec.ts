import { expect, test } from '@playwright/test'
import { accounts, signIn } from './support'

test('times a 10,000-row upload', async ({ page }) => {
  test.setTimeout(120_000)
  await signIn(page, accounts.coordinator)
  await expect(page).not.toHaveURL(/\/login/)
  await page.goto('/candidates/import')
  const header = 'mrn,first_name,last_name,date_of_birth,sex,phone,referral_date,referring_physician,etiology,assigned_physician_email,pain_onset_date'
  const stamp = Date.now()
  const rows = Array.from({ length: 10000 }, (_, i) => `T${stamp}${i},Ada,Lovelace,1948-03-14,female,555-0100,2025-10-06,Dr. B,osteoporotic,physician@example.org,2025-09-20`)
  await page.getByLabel('CSV file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from([header, ...rows].join('\n')) })
  const phases: string[] = []
  const t = Date.now()
  await page.getByRole('button', { name: 'Import' }).click()
  const poll = 0
  await expect(page.getByRole('main').getByRole('status')).toContainText('Imported 10,000 patients', { timeout: 60_000 })
  void poll
  console.log('10k upload ms', Date.now() - t)
  console.log(phases.join('\n'))
})
