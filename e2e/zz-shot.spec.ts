import { expect, test } from '@playwright/test'
import { accounts, signIn } from './support'
test('shot', async ({ page }) => {
  await signIn(page, accounts.coordinator)
  await expect(page).not.toHaveURL(/\/login/)
  await page.goto('/candidates/import')
  const header = 'mrn,first_name,last_name,date_of_birth,sex,phone,referral_date,referring_physician,etiology,assigned_physician_email,pain_onset_date'
  const rows = Array.from({ length: 300 }, (_, i) => `M${String(i).padStart(7, '0')},Ada,Lovelace,1948-03-14,f,555-0100,2025-10-06,Dr. B,osteoporotic,physician@example.org,2025-09-20`)
  await page.getByLabel('CSV file').setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from([header, ...rows].join('\n')) })
  await page.getByRole('button', { name: 'Import' }).click()
  await expect(page.getByRole('main').getByRole('alert')).toBeVisible()
  await page.screenshot({ path: '/tmp/import-failed.png' })
})
