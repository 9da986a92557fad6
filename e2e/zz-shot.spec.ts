import { expect, test } from '@playwright/test'
import { accounts, signIn } from './support'
test('shot', async ({ page }) => {
  await signIn(page, accounts.coordinator)
  await expect(page).not.toHaveURL(/\/login/)
  await page.goto('/candidates/import')
  await page.screenshot({ path: '/tmp/import-idle.png' })
  console.log('enabled', await page.getByRole('button', { name: 'Import' }).isEnabled())
  await page.goto('/candidates/new')
  await page.screenshot({ path: '/tmp/new.png' })
})
