import crypto from 'node:crypto'
import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Browser, type Page } from '@playwright/test'
import { accounts, idFromUrl, signInAndWait } from './support'

// Restricted records end to end: a coordinator flags a record; another coordinator does not find
// it, opens its URL, meets a "Restricted record" page with no PHI on it, breaks the glass with a
// reason and sees the record; an admin finds the event on Access reviews and marks it reviewed.

test.describe.configure({ timeout: 90_000 })

const suffix = crypto.randomBytes(4).toString('hex')
const letters = suffix.replace(/\d/g, (digit) => 'abcdefghij'[Number(digit)]!)
const patient = {
  mrn: `RX${suffix.toUpperCase()}`,
  firstName: 'Imogen',
  lastName: `Restrictova${letters}`,
}
const breakGlassReason = `Covering the emergency call tonight, case ${letters}`

async function signedInPage(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await signInAndWait(page, email)
  return page
}

async function expectNoSeriousViolations(page: Page, screen: string) {
  const { violations } = await new AxeBuilder({ page }).analyze()
  const blocking = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((node) => node.target.join(' ')).join(', ')}`)
  expect(blocking, `axe on ${screen}`).toEqual([])
}

test.describe.serial('restricted records and break-glass', () => {
  let recordUrl = ''

  test('a coordinator flags a record restricted', async ({ browser }) => {
    const page = await signedInPage(browser, accounts.coordinator)
    await page.goto('/candidates/new')
    await page.getByLabel('MRN').fill(patient.mrn)
    await page.getByLabel('First name').fill(patient.firstName)
    await page.getByLabel('Last name').fill(patient.lastName)
    await page.getByLabel('Date of birth').fill('1951-09-12')
    await page.getByLabel('Sex').selectOption('female')
    await page.getByLabel('Referral date').fill('2026-11-02')
    await page.getByLabel('Referring physician').fill('Dr. Primary Care')
    await page.getByLabel('Etiology').selectOption('osteoporotic')
    await page.getByLabel('Assigned physician').selectOption({ label: 'Dr. Maya Okafor' })
    await page.getByRole('button', { name: 'Save candidate' }).click()
    await expect(
      page.getByRole('heading', { level: 1, name: `${patient.firstName} ${patient.lastName}` }),
    ).toBeVisible()
    recordUrl = page.url()
    idFromUrl(recordUrl)

    await page.getByRole('button', { name: 'Restrict record' }).click()
    await expectNoSeriousViolations(page, 'record with the restrict form open')
    await page
      .getByLabel('Reason for restricting')
      .fill('Staff member of this clinic, treated here')
    await page.getByRole('button', { name: 'Save restriction' }).click()
    await expect(page.getByText('Restricted record.', { exact: false })).toBeVisible()
    // The flagging coordinator keeps access, and the record's History says what happened.
    await expect(page.getByText('Record restricted', { exact: true })).toBeVisible()
    await page.context().close()
  })

  test('another coordinator cannot find it, meets "Restricted record", breaks the glass', async ({
    browser,
  }) => {
    const page = await signedInPage(browser, accounts.coordinator2)
    await page.goto('/candidates')
    await page.getByRole('searchbox', { name: 'Search candidates' }).fill(patient.lastName)
    await page.getByRole('searchbox', { name: 'Search candidates' }).press('Enter')
    await expect(page).toHaveURL(new RegExp(`q=${patient.lastName}`))
    await expect(page.getByRole('link', { name: new RegExp(patient.lastName) })).toHaveCount(0)

    await page.goto(recordUrl)
    await expect(page).toHaveURL(/\/restricted$/)
    await expect(page.getByRole('heading', { level: 1, name: 'Restricted record' })).toBeVisible()
    const body = await page.content()
    expect(body).not.toContain(patient.lastName)
    expect(body).not.toContain(patient.mrn)
    await expectNoSeriousViolations(page, 'restricted record')

    // A reason is required, in words.
    await page.getByLabel('Reason for access').fill('need it')
    await page.getByRole('button', { name: 'Break the glass' }).click()
    await expect(page.getByLabel('Reason for access')).toHaveAttribute('aria-invalid', 'true')
    await expectNoSeriousViolations(page, 'restricted record with its field message')

    await page.getByLabel('Reason for access').fill(breakGlassReason)
    await page.getByRole('button', { name: 'Break the glass' }).click()
    await expect(page).toHaveURL(recordUrl)
    await expect(
      page.getByRole('heading', { level: 1, name: `${patient.firstName} ${patient.lastName}` }),
    ).toBeVisible()
    await expect(page.getByText('you opened it by breaking the glass')).toBeVisible()
    await page.context().close()
  })

  test('the admin sees the event on Access reviews, without PHI, and marks it reviewed', async ({
    browser,
  }) => {
    const page = await signedInPage(browser, accounts.admin)
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Access reviews' })
      .click()
    await expect(page.getByRole('heading', { level: 1, name: 'Access reviews' })).toBeVisible()
    const row = page.getByRole('row', { name: new RegExp(breakGlassReason) })
    await expect(row).toBeVisible()
    await expect(row).toContainText(idFromUrl(recordUrl))
    const body = await page.content()
    expect(body).not.toContain(patient.lastName)
    expect(body).not.toContain(patient.mrn)
    await expectNoSeriousViolations(page, 'access reviews')

    await row.getByRole('button', { name: /Mark reviewed/ }).click()
    await expect(page.getByRole('row', { name: new RegExp(breakGlassReason) })).toHaveCount(0)
    await page.context().close()
  })
})
