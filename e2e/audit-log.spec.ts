import fs from 'node:fs/promises'
import { expect, test, type Page } from '@playwright/test'
import Papa from 'papaparse'
import { accounts, signIn, signInAndWait } from './support'

test('an admin filters the audit log by action and user, and exports exactly those rows', async ({
  browser,
  page,
}) => {
  // Rows to find: the coordinator signs in (in a browser of their own), and someone fails to.
  for (const attempt of [
    (other: Page) => signInAndWait(other, accounts.coordinator),
    async (other: Page) => {
      await signIn(other, 'nobody-here@example.org', 'not-the-password')
      await expect(other.getByText('Invalid email or password')).toBeVisible()
    },
  ]) {
    const context = await browser.newContext()
    await attempt(await context.newPage())
    await context.close()
  }

  await signInAndWait(page, accounts.admin)
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Audit log' })
    .click()
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible()

  const user = page.getByLabel('User', { exact: true })
  const coordinatorId = await user
    .locator('option', { hasText: accounts.coordinator })
    .first()
    .getAttribute('value')
  expect(coordinatorId).toMatch(/^[0-9a-f-]{36}$/)
  await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Sign in' })
  await user.selectOption(coordinatorId!)
  await page.getByRole('button', { name: 'Apply' }).click()

  // The filters live in the URL, and a reload shows the same view.
  await expect(page).toHaveURL(/[?&]action=auth\.sign_in(&|$)/)
  await expect(page).toHaveURL(new RegExp(`[?&]user=${coordinatorId}(&|$)`))
  await page.reload()
  await expect(page.getByLabel('Action', { exact: true })).toHaveValue('auth.sign_in')
  await expect(user).toHaveValue(coordinatorId!)

  const rows = page.getByRole('table').locator('tbody tr')
  await expect(rows.first()).toBeVisible()
  const shown = await rows.count()
  expect(shown).toBeGreaterThan(0)
  for (let i = 0; i < shown; i++) {
    const cells = rows.nth(i).getByRole('cell')
    await expect(cells.nth(1)).toContainText(accounts.coordinator)
    await expect(cells.nth(2)).toContainText('Sign in')
    await expect(cells.nth(2)).toContainText('auth.sign_in')
  }
  // The failed sign-in is someone else's row: filtered out.
  await expect(page.getByText('nobody-here@example.org')).toHaveCount(0)

  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export CSV' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toMatch(/^audit-log-\d{4}-\d{2}-\d{2}\.csv$/)
  const [header, ...data] = Papa.parse<string[]>(
    await fs.readFile((await download.path())!, 'utf8'),
    { skipEmptyLines: true },
  ).data
  expect(header).toEqual([
    'ID',
    'Time',
    'User',
    'Email',
    'Action',
    'Action code',
    'Entity',
    'Entity id',
    'Client address',
    'Details',
  ])
  // Every row of the filtered view (another worker may have signed the coordinator in since).
  expect(data.length).toBeGreaterThanOrEqual(shown)
  for (const row of data) {
    expect(row[3]).toBe(accounts.coordinator)
    expect(row[5]).toBe('auth.sign_in')
  }

  // The export is itself in the log.
  await page.getByRole('link', { name: 'Clear' }).click()
  await expect(page).toHaveURL(/\/admin\/audit$/)
  await expect(user).toHaveValue('')
  await page.getByLabel('Action', { exact: true }).selectOption({ label: 'Audit log exported' })
  await page.getByRole('button', { name: 'Apply' }).click()
  await expect(page).toHaveURL(/[?&]action=audit\.export(&|$)/)
  await expect(rows.first().getByRole('cell').nth(1)).toContainText(accounts.admin)
  await expect(rows.first().getByRole('cell').nth(6)).toContainText('action=auth.sign_in')
})

for (const email of [accounts.coordinator, accounts.physician]) {
  test(`${email} is refused the audit log and its export`, async ({ page }) => {
    await signInAndWait(page, email)
    const response = await page.goto('/admin/audit')
    expect(response?.status()).toBe(403)
    await expect(
      page.getByRole('heading', { name: 'You do not have access to this page' }),
    ).toBeVisible()
    const exported = await page.request.get('/admin/audit/export?action=auth.sign_in')
    expect(exported.status()).toBe(403)
    expect(await exported.text()).not.toContain('Action code')
  })
}
