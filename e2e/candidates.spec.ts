import fs from 'node:fs'
import { expect, test, type Page } from '@playwright/test'
import {
  accounts,
  captureServerAction,
  decideCandidate,
  replayServerAction,
  signInAndWait,
} from './support'

const mrn = `E${Date.now().toString().slice(-9)}`
let recordUrl = ''

async function status(page: Page) {
  return page.getByTestId('patient-status').innerText()
}

test.describe.serial('candidate pathway', () => {
  test('a coordinator creates a patient, adds a fracture, orders and completes imaging', async ({
    page,
  }) => {
    await signInAndWait(page, accounts.coordinator)
    await page.getByRole('link', { name: 'Candidates' }).click()
    await page.getByRole('link', { name: 'New candidate' }).click()

    // A bad submit shows each message by its field and keeps what was typed.
    await page.getByLabel('MRN').fill('no')
    await page.getByLabel('First name').fill('Edith')
    await page.getByLabel('Date of birth').fill('2015-01-01')
    await page.getByRole('button', { name: 'Save candidate' }).click()
    await expect(page.getByText('MRN is 4–20 letters or digits')).toBeVisible()
    await expect(page.getByText('Age must be between 18 and 110')).toBeVisible()
    await expect(page.getByText('Enter the last name')).toBeVisible()
    await expect(page.getByLabel('MRN')).toHaveValue('no')
    await expect(page.getByLabel('First name')).toHaveValue('Edith')
    await expect(page.getByLabel('MRN')).toHaveAttribute('aria-invalid', 'true')

    await page.getByLabel('MRN').fill(mrn)
    await page.getByLabel('Last name').fill('Playwright')
    await page.getByLabel('Date of birth').fill('1946-07-14')
    await page.getByLabel('Sex').selectOption('female')
    await page.getByLabel('Referral date').fill('2026-11-20')
    await page.getByLabel('Referring physician').fill('Dr. Primary Care')
    await page.getByLabel('Etiology').selectOption('osteoporotic')
    await page.getByLabel('Assigned physician').selectOption({ label: 'Dr. Maya Okafor' })
    await page.getByRole('button', { name: 'Save candidate' }).click()

    await expect(page.getByRole('heading', { level: 1, name: 'Edith Playwright' })).toBeVisible()
    recordUrl = page.url()
    expect(await status(page)).toBe('Referred')
    for (const section of [
      'Fractures',
      'Imaging',
      'Candidacy',
      'Procedures',
      'Follow-up',
      'History',
    ]) {
      await expect(page.getByRole('heading', { level: 2, name: section })).toBeVisible()
    }

    await page.getByRole('button', { name: 'Add fracture' }).click()
    await page.getByLabel('Level').selectOption('L1')
    await page.getByLabel('Height loss (%)').fill('12')
    await page.getByLabel('MRI edema').selectOption('yes')
    await page.getByLabel('Kyphotic angle (°)').fill('14')
    await page.getByRole('button', { name: 'Save fracture' }).click()
    const l1 = page.getByRole('listitem', { name: 'Fracture L1' })
    await expect(l1.getByText('Genant 0')).toBeVisible()
    await expect(l1.getByText('below VCF threshold')).toBeVisible()

    await page.getByRole('button', { name: 'Order imaging' }).click()
    await page.getByLabel('Modality').selectOption('mri')
    await page.getByRole('button', { name: 'Save order' }).click()
    await expect(page.getByText('pending')).toBeVisible()
    expect(await status(page)).toBe('Imaging')

    await page.getByLabel('Finding').fill('Acute L1 compression fracture, STIR edema')
    await page.getByRole('button', { name: 'Mark completed' }).click()
    await expect(page.getByText('Acute L1 compression fracture, STIR edema')).toBeVisible()
    await expect(page.getByTestId('patient-status')).toHaveText('Evaluation')

    // A CT done today, its report to follow: completed without a finding, the report added later.
    await page.getByRole('button', { name: 'Order imaging' }).click()
    await page.getByLabel('Modality').selectOption('ct')
    await page.getByRole('button', { name: 'Save order' }).click()
    const ct = page.getByRole('listitem', { name: /^CT ordered/ })
    await ct.getByRole('button', { name: 'Mark completed' }).click()
    await expect(ct.getByText('report to follow')).toBeVisible()
    await ct.getByLabel('Report finding').fill('No retropulsion')
    await ct.getByRole('button', { name: 'Add report' }).click()
    await expect(ct.getByText('No retropulsion')).toBeVisible()
    await expect(ct.getByText('report to follow')).toHaveCount(0)
    // Coordinators do not decide candidacy: the form is not offered.
    await expect(page.getByRole('button', { name: 'Record decision' })).toHaveCount(0)
  })

  test('the decision action posted directly by a coordinator is refused on the server', async ({
    browser,
  }) => {
    const physicianContext = await browser.newContext()
    const physicianPage = await physicianContext.newPage()
    await signInAndWait(physicianPage, accounts.physician)
    await physicianPage.goto(recordUrl)
    await physicianPage.getByRole('button', { name: 'Record decision' }).click()
    await physicianPage.getByLabel('Pain is due to the identified fracture').check()
    await physicianPage.getByLabel('Pain score (NRS 0–10)').fill('9')
    await physicianPage.getByLabel('Decision').selectOption('not_candidate')
    await physicianPage.getByLabel('Reason').fill('Forged by a coordinator')
    // Capture the physician's real server-action request (and stop it reaching the server)...
    const action = await captureServerAction(physicianPage, recordUrl, () =>
      physicianPage.getByRole('button', { name: 'Save decision' }).click(),
    )
    await physicianContext.close()

    // ...and replay it byte for byte with a coordinator's session.
    const coordinatorContext = await browser.newContext()
    const coordinatorPage = await coordinatorContext.newPage()
    await signInAndWait(coordinatorPage, accounts.coordinator)
    expect(await replayServerAction(coordinatorPage, recordUrl, action)).toBe(403)
    await coordinatorPage.goto(recordUrl)
    await expect(coordinatorPage.getByTestId('patient-status')).toHaveText('Evaluation')
    await expect(coordinatorPage.getByText('Forged by a coordinator')).toHaveCount(0)
    await coordinatorContext.close()
  })

  test('a physician records the decision', async ({ page }) => {
    await signInAndWait(page, accounts.physician)
    await page.goto(recordUrl)
    await decideCandidate(page, 'kyphoplasty')
    await expect(page.getByTestId('patient-status')).toHaveText('Candidate')
    await expect(page.getByText('Kyphoplasty planned').first()).toBeVisible()
    await expect(page.getByRole('list', { name: 'Criteria' }).getByText(/^Met:/)).toHaveCount(6)
  })
})

test('the list keeps its sort, filter, search and page size across a reload and Back', async ({
  page,
}) => {
  await signInAndWait(page, accounts.coordinator)
  await page.goto('/candidates')
  await expect(page.getByRole('heading', { name: 'Candidates' })).toBeVisible()
  await page.getByRole('button', { name: 'Name' }).click()
  await expect(page).toHaveURL(/sort=name&dir=asc/)
  await page.getByLabel('Status').selectOption('follow_up')
  await page.getByRole('button', { name: 'Apply' }).click()
  await expect(page).toHaveURL(/status=follow_up/)
  await page.getByLabel('Rows per page').selectOption('50')
  await expect(page).toHaveURL(/size=50/)
  const firstRow = await page.locator('tbody tr').first().innerText()
  const summary = await page
    .getByRole('navigation', { name: 'Pagination' })
    .locator('p')
    .innerText()
  await page.reload()
  await expect(page.getByLabel('Status')).toHaveValue('follow_up')
  await expect(page.getByLabel('Rows per page')).toHaveValue('50')
  await expect(page.locator('th[aria-sort="ascending"]')).toHaveText(/Name/)
  expect(await page.locator('tbody tr').first().innerText()).toBe(firstRow)
  expect(await page.getByRole('navigation', { name: 'Pagination' }).locator('p').innerText()).toBe(
    summary,
  )
  await page.goBack()
  await expect(page).not.toHaveURL(/size=50/)
  await expect(page).toHaveURL(/status=follow_up/)
})

test('Next and Previous page by cursor: the pages stay the same rows, through a reload', async ({
  page,
}) => {
  await signInAndWait(page, accounts.coordinator)
  await page.goto('/candidates?sort=mrn&dir=asc')
  const pagination = page.getByRole('navigation', { name: 'Pagination' })
  const rows = () => page.locator('tbody tr').allInnerTexts()
  const firstPage = await rows()
  await pagination.getByRole('link', { name: 'Next' }).click()
  await expect(page).toHaveURL(/page=2&after=[0-9a-f-]{36}/)
  await expect(pagination.getByText(/^Page 2/)).toBeVisible()
  const secondPage = await rows()
  expect(secondPage).toHaveLength(25)
  expect(secondPage).not.toEqual(firstPage)
  await pagination.getByRole('link', { name: 'Next' }).click()
  await expect(page).toHaveURL(/page=3&after=/)
  const thirdPage = await rows()
  expect(thirdPage.some((row) => secondPage.includes(row))).toBe(false)
  await page.reload()
  expect(await rows()).toEqual(thirdPage)
  await pagination.getByRole('link', { name: 'Previous' }).click()
  await expect(page).toHaveURL(/page=2&before=/)
  expect(await rows()).toEqual(secondPage)
  await pagination.getByRole('link', { name: 'Previous' }).click()
  await expect(page).toHaveURL(/\/candidates\?sort=mrn&dir=asc$/)
  await expect(pagination.getByText(/^Page 1/)).toBeVisible()
  // A new sort starts again on page 1, without the cursor.
  await pagination.getByRole('link', { name: 'Next' }).click()
  await expect(page).toHaveURL(/after=/)
  await page.getByRole('button', { name: 'Name' }).click()
  await expect(page).toHaveURL(/sort=name&dir=asc$/)
})

test('Export CSV downloads every row of the filtered view', async ({ page }) => {
  await signInAndWait(page, accounts.coordinator)
  await page.goto('/candidates?status=closed&size=25')
  const total = Number((await page.locator('p strong').first().innerText()).replace(/,/g, ''))
  expect(total).toBeGreaterThan(0)
  const downloadPromise = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Export CSV' }).click()
  const download = await downloadPromise
  expect(download.suggestedFilename()).toMatch(/^candidates-\d{4}-\d{2}-\d{2}\.csv$/)
  const lines = fs
    .readFileSync((await download.path())!, 'utf8')
    .trim()
    .split('\r\n')
  expect(lines[0]).toBe(
    'Name,MRN,Age,Levels,Etiology,Status,Procedure,Disposition,Physician,Next follow-up,Referred',
  )
  expect(lines).toHaveLength(total + 1)
  expect(lines.slice(1).every((line) => line.includes(',Closed,'))).toBe(true)
})
