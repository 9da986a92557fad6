import crypto from 'node:crypto'
import { expect, test, type Browser, type Page } from '@playwright/test'
import { accounts, idFromUrl, signInAndWait } from './support'

// Finding 5 of issue 14: a refused request is on the audit record, once, with its route and
// the record it was about; a refused read of a patient record is not "Opened the record".

async function asMember<T>(browser: Browser, email: string, work: (page: Page) => Promise<T>) {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await signInAndWait(page, email)
    return await work(page)
  } finally {
    await context.close()
  }
}

test('a coordinator on /admin/staff and an admin on a patient record: one access.denied row each, on /admin/audit', async ({
  browser,
  page,
}) => {
  // A path no other test visits, so its rows are this test's alone.
  const staffPageId = crypto.randomUUID()
  const patientId = await asMember(browser, accounts.coordinator, async (coordinator) => {
    await coordinator.goto('/candidates?sort=mrn&dir=desc')
    const href = await coordinator
      .locator('tbody tr')
      .first()
      .getByRole('link')
      .first()
      .getAttribute('href')
    const id = idFromUrl(new URL(href!, coordinator.url()).toString())
    expect((await coordinator.goto('/admin/staff'))?.status()).toBe(403)
    // A staff member's page, twice: the second refusal within the minute is not logged again.
    for (let i = 0; i < 2; i++) {
      expect((await coordinator.goto(`/admin/staff/${staffPageId}`))?.status()).toBe(403)
    }
    return id
  })

  await signInAndWait(page, accounts.admin)
  const refused = await page.goto(`/candidates/${patientId}`)
  expect(refused?.status()).toBe(403)
  await expect(
    page.getByRole('heading', { name: 'You do not have access to this page' }),
  ).toBeVisible()

  const rows = page.getByRole('table').locator('tbody tr')
  // The admin's refused read of the patient: one row on that patient.
  await page.goto(`/admin/audit?action=access.denied&entity=patient&entityId=${patientId}`)
  await expect(page.getByText(/^Audit chain intact through row [\d,]+/)).toBeVisible()
  await expect(rows).toHaveCount(1)
  const cells = rows.first().getByRole('cell')
  await expect(cells.nth(1)).toContainText(accounts.admin)
  await expect(cells.nth(2)).toContainText('Access refused')
  await expect(cells.nth(4)).toContainText(patientId)
  await expect(cells.nth(6)).toContainText(`GET /candidates/${patientId}`)

  // Not recorded as an opening of the record.
  await page.goto(`/admin/audit?action=patient.view&entity=patient&entityId=${patientId}`)
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible()
  await expect(page.getByRole('table').getByText(accounts.admin)).toHaveCount(0)

  // The coordinator's refused visits: /admin/staff is on record (other tests refuse it too),
  // and the two visits to one staff member's page are one row.
  const userId = await page
    .getByLabel('User', { exact: true })
    .locator('option', { hasText: accounts.coordinator })
    .first()
    .getAttribute('value')
  await page.goto(
    `/admin/audit?action=access.denied&user=${userId}&entity=page&entityId=${encodeURIComponent('/admin/staff')}`,
  )
  await expect(rows.first().getByRole('cell').nth(2)).toContainText('Access refused')
  await expect(rows.first().getByRole('cell').nth(6)).toContainText('GET /admin/staff')
  await page.goto(`/admin/audit?action=access.denied&entity=staff&entityId=${staffPageId}`)
  await expect(rows).toHaveCount(1)
  await expect(rows.first().getByRole('cell').nth(1)).toContainText(accounts.coordinator)
  await expect(rows.first().getByRole('cell').nth(6)).toContainText(
    `GET /admin/staff/${staffPageId}`,
  )
})
