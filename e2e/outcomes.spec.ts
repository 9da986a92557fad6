import fs from 'node:fs/promises'
import { expect, test, type Locator, type Page } from '@playwright/test'
import Papa from 'papaparse'
import { accounts, signInAndWait } from './support'

const CHARTS = [
  'Efficacy by procedure type',
  'Pain over time',
  'Disability (ODI) over time',
  'Kyphotic angle correction',
  'Disposition',
  'Adverse events',
  'Monthly volume',
  'Patients by status',
]

const section = (page: Page, title: string) => page.getByRole('region', { name: title })

/** The number in a chart's "n = 1,234 …" line. */
async function nOf(chart: Locator): Promise<number> {
  const text = await chart.getByText(/^n = [\d,]+ /).innerText()
  return Number(text.match(/^n = ([\d,]+)/)![1]!.replaceAll(',', ''))
}

/** The cells of a "Show data" table, header row first, as the page shows them. */
async function tableCells(table: Locator): Promise<string[][]> {
  return table.locator('tr').evaluateAll((rows) =>
    rows.map((row) =>
      [...row.querySelectorAll('th, td')].map((cell) =>
        // A missing value reads "not available" to screen readers and is empty in the CSV.
        cell.querySelector('.sr-only') ? '' : (cell.textContent ?? '').trim(),
      ),
    ),
  )
}

// Efficacy needs a baseline and a 1-month score, which no other spec records, so its numbers
// stay still while other specs complete procedures in parallel.
test('a physician filters the outcomes, sees n change, and downloads a chart as CSV', async ({
  page,
}) => {
  await signInAndWait(page, accounts.physician)
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: 'Outcomes' })
    .click()
  await expect(page.getByRole('heading', { level: 1, name: 'Outcomes' })).toBeVisible()
  for (const title of CHARTS) {
    await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible()
  }
  await expect(page.getByRole('heading', { name: 'How these are computed' })).toBeVisible()

  const efficacy = section(page, 'Efficacy by procedure type')
  const everyone = await nOf(efficacy)
  expect(everyone).toBeGreaterThan(0)
  // The chart is drawn (an SVG with bars), beside its literature lines.
  await expect(efficacy.locator('svg .recharts-bar-rectangle').first()).toBeVisible()
  await expect(efficacy.getByText(/Kyphoplasty 92 %/)).toBeVisible()

  await page.getByLabel('Procedure type', { exact: true }).selectOption('kyphoplasty')
  await page.getByLabel('Responder timepoint').selectOption('m3')
  await page.getByRole('button', { name: 'Apply' }).click()
  await expect(page).toHaveURL(/type=kyphoplasty/)
  await expect(page).toHaveURL(/timepoint=m3/)
  await expect(page.getByText(/Kyphoplasty · all physicians/)).toBeVisible()
  const kyphoplasty = await nOf(efficacy)
  expect(kyphoplasty).toBeGreaterThan(0)
  expect(kyphoplasty).toBeLessThan(everyone)

  await efficacy.getByText('Show data').click()
  const table = efficacy.getByRole('table', { name: /Efficacy by procedure type at 3 months/ })
  await expect(table).toBeVisible()
  const shown = await tableCells(table)
  // One row, the filtered type; its count is the chart's n.
  expect(shown).toHaveLength(2)
  expect(shown[1]!.slice(0, 2)).toEqual(['Kyphoplasty', String(kyphoplasty)])

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    efficacy.getByRole('link', { name: /Download CSV/ }).click(),
  ])
  expect(download.suggestedFilename()).toMatch(/^outcomes-efficacy-\d{4}-\d{2}-\d{2}\.csv$/)
  const csv = Papa.parse<string[]>(await fs.readFile((await download.path())!, 'utf8')).data
  expect(csv).toEqual(shown)

  // On paper: the report without the app's chrome, every chart's table printed open.
  await page.emulateMedia({ media: 'print' })
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeHidden()
  await expect(page.getByRole('form', { name: 'Filter outcomes' })).toBeHidden()
  await expect(page.getByRole('button', { name: 'Print report' })).toBeHidden()
  await expect(
    section(page, 'Monthly volume').getByRole('table', { name: 'Completed procedures per month' }),
  ).toBeVisible()
  await page.emulateMedia({ media: 'screen' })
  await expect(
    section(page, 'Monthly volume').getByRole('table', { name: 'Completed procedures per month' }),
  ).toBeHidden()

  // A filter that matches nothing shows each chart's empty state, not an empty chart.
  await page.getByLabel('Performed from').fill('2099-01-01')
  await page.getByRole('button', { name: 'Apply' }).click()
  await expect(page).toHaveURL(/from=2099-01-01/)
  for (const title of CHARTS) {
    const chart = section(page, title)
    await expect(chart.getByText(/^n = 0 /)).toBeVisible()
    await expect(chart.getByRole('link', { name: /Download CSV/ })).toHaveCount(0)
  }
  await expect(section(page, 'Monthly volume')).toContainText(
    'No completed procedures match these filters.',
  )
})

test('an admin is refused the outcomes page and its downloads', async ({ page }) => {
  await signInAndWait(page, accounts.admin)
  expect((await page.goto('/outcomes'))?.status()).toBe(403)
  const response = await page.request.get('/outcomes/export/efficacy')
  expect(response.status()).toBe(403)
  expect(await response.text()).not.toContain('Responders')
})
