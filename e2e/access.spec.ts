import { expect, test } from '@playwright/test'
import { accounts, signInAndWait } from './support'

// Each role is refused what it must not reach, on the server: the page answers 403.
const refusals = [
  {
    email: accounts.admin,
    paths: [
      '/candidates',
      '/candidates/new',
      '/candidates/import',
      '/procedures',
      '/procedures/calendar',
      '/outcomes',
    ],
  },
  { email: accounts.coordinator, paths: ['/admin/staff', '/admin/audit'] },
  { email: accounts.physician, paths: ['/admin/staff', '/admin/audit'] },
]

for (const { email, paths } of refusals) {
  test(`${email} is refused ${paths.join(', ')}`, async ({ page }) => {
    await signInAndWait(page, email)
    for (const path of paths) {
      const response = await page.goto(path)
      expect(response?.status(), path).toBe(403)
      await expect(
        page.getByRole('heading', { name: 'You do not have access to this page' }),
      ).toBeVisible()
    }
  })
}

test('an unknown page is a 404', async ({ page }) => {
  await signInAndWait(page, accounts.coordinator)
  const response = await page.goto('/no-such-page')
  expect(response?.status()).toBe(404)
  await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible()
})

test('an admin cannot export patient data, even by URL', async ({ page }) => {
  await signInAndWait(page, accounts.admin)
  const response = await page.request.get('/candidates/export?status=closed')
  expect(response.status()).toBe(403)
  expect(await response.text()).not.toContain('MRN')
})

test('an unknown patient id is a 404', async ({ page }) => {
  await signInAndWait(page, accounts.coordinator)
  expect((await page.goto('/candidates/00000000-0000-4000-8000-000000000000'))?.status()).toBe(404)
  expect((await page.goto('/candidates/not-a-uuid'))?.status()).toBe(404)
})
