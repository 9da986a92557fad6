import { expect, test } from '@playwright/test'
import { accounts, signInAndWait } from './support'

// The seed may or may not hold procedures: these steps check the page's state, not its rows.
test('a coordinator switches views and the URL keeps the view and filters across a reload', async ({
  page,
}) => {
  await signInAndWait(page, accounts.coordinator)
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Procedures' })
    .click()
  await expect(page.getByRole('heading', { level: 1, name: 'Procedures' })).toBeVisible()
  const views = page.getByRole('navigation', { name: 'Procedure views' })
  await expect(views.getByRole('link', { name: 'Upcoming' })).toHaveAttribute(
    'aria-current',
    'page',
  )
  for (const name of ['Today', 'Completed', 'Cancelled']) {
    await expect(views.getByRole('link', { name })).not.toHaveAttribute('aria-current', 'page')
  }
  for (const column of [
    'Patient',
    'MRN',
    'Type',
    'Scheduled',
    'Performed',
    'Physician',
    'Levels',
    'Disposition',
    'Status',
  ]) {
    await expect(page.getByRole('columnheader', { name: column })).toBeVisible()
  }

  await views.getByRole('link', { name: 'Today' }).click()
  await expect(page).toHaveURL(/view=today/)
  await expect(views.getByRole('link', { name: 'Today' })).toHaveAttribute('aria-current', 'page')

  await views.getByRole('link', { name: 'Completed' }).click()
  await expect(page).toHaveURL(/view=completed/)
  // Completed procedures are listed most recently performed first.
  await expect(page.locator('th[aria-sort="descending"]')).toHaveText(/Performed/)

  await page.getByLabel('Procedure type').selectOption('kyphoplasty')
  await page.getByLabel('Disposition').selectOption('same_day')
  await page.getByRole('button', { name: 'Apply' }).click()
  await expect(page).toHaveURL(/type=kyphoplasty/)
  await expect(page).toHaveURL(/disposition=same_day/)
  await expect(page).toHaveURL(/view=completed/)
  await page.getByRole('button', { name: 'Patient' }).click()
  await expect(page).toHaveURL(/sort=patient&dir=asc/)
  await page.getByLabel('Rows per page').selectOption('50')
  await expect(page).toHaveURL(/size=50/)

  const summary = await page
    .getByRole('navigation', { name: 'Pagination' })
    .locator('p')
    .innerText()
  const firstRow = await page.locator('tbody tr').first().innerText()
  await page.reload()
  await expect(views.getByRole('link', { name: 'Completed' })).toHaveAttribute(
    'aria-current',
    'page',
  )
  await expect(page.getByLabel('Procedure type')).toHaveValue('kyphoplasty')
  await expect(page.getByLabel('Disposition')).toHaveValue('same_day')
  await expect(page.getByLabel('Rows per page')).toHaveValue('50')
  await expect(page.locator('th[aria-sort="ascending"]')).toHaveText(/Patient/)
  expect(await page.locator('tbody tr').first().innerText()).toBe(firstRow)
  expect(await page.getByRole('navigation', { name: 'Pagination' }).locator('p').innerText()).toBe(
    summary,
  )

  // Another view keeps the filters and page size, in its own order.
  await views.getByRole('link', { name: 'Cancelled' }).click()
  await expect(page).toHaveURL(/view=cancelled/)
  await expect(page).toHaveURL(/type=kyphoplasty/)
  await expect(page).toHaveURL(/size=50/)
  await expect(page).not.toHaveURL(/sort=/)
  await expect(page.getByLabel('Procedure type')).toHaveValue('kyphoplasty')

  // A row, if any, leads to the patient's record.
  await page.goto('/procedures?view=completed')
  const patientLinks = page.locator('tbody').getByRole('link')
  if ((await patientLinks.count()) > 0) {
    await patientLinks.first().click()
    await expect(page).toHaveURL(/\/candidates\/[0-9a-f-]{36}$/)
  } else {
    await expect(page.getByText('No completed procedures.')).toBeVisible()
  }
})

test('an admin is refused the procedure list on the server', async ({ page }) => {
  await signInAndWait(page, accounts.admin)
  const response = await page.goto('/procedures?view=completed')
  expect(response?.status()).toBe(403)
  await expect(
    page.getByRole('heading', { name: 'You do not have access to this page' }),
  ).toBeVisible()
  await expect(page.getByRole('table')).toHaveCount(0)
})
