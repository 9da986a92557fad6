import AxeBuilder from '@axe-core/playwright'
import { expect, test, type Page } from '@playwright/test'
import { accounts, signInAndWait } from './support'

// axe-core on each screen, in the states a person meets it in (forms open, messages shown, a
// dialog up). A serious or critical violation fails the test; the report names every node.
// Charts on /outcomes are aria-hidden by design: their numbers are in the "Show data" tables,
// which are scanned open.

// axe walks the whole DOM: on a busy two-core machine a big page takes seconds. The screens
// share nothing, so both workers take them (the file is the suite's longest).
test.describe.configure({ mode: 'parallel', timeout: 60_000 })

async function expectNoSeriousViolations(page: Page, screen: string) {
  // A button fading back from its pending colour (a 150 ms transition, far longer on a busy
  // machine) is not what a person reads: colours are checked once transitions have ended.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation instanceof CSSTransition)
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  )
  const { violations } = await new AxeBuilder({ page }).analyze()
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  // Lesser findings do not fail the test; they are listed in the report to be seen.
  for (const v of violations.filter((v) => !blocking.includes(v))) {
    test.info().annotations.push({
      type: `axe ${v.impact}`,
      description: `${screen}: ${v.id} (${v.nodes.length} nodes) ${v.help}`,
    })
  }
  const report = blocking.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help}\n` +
      v.nodes
        .map((node) => `    ${node.target.join(' ')}\n      ${node.failureSummary}`)
        .join('\n'),
  )
  expect(report, `axe on ${screen} (${page.url()})`).toEqual([])
}

/** Opens every collapsed disclosure button on the page (each form of a record). */
async function openEveryDisclosure(page: Page) {
  const collapsed = page.getByRole('main').locator('button[aria-expanded="false"]')
  for (let opened = 0; opened < 20 && (await collapsed.count()) > 0; opened++) {
    await collapsed.first().click()
  }
  await expect(collapsed).toHaveCount(0)
}

test('sign-in: the form, and the form with its field messages', async ({ page }) => {
  await page.goto('/login')
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible()
  await expectNoSeriousViolations(page, 'sign-in')
  // Empty fields: refused by validation, before any credential is checked (no lockout count).
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true')
  await expectNoSeriousViolations(page, 'sign-in with field messages')
})

test('overview, and with the user menu open', async ({ page }) => {
  await signInAndWait(page, accounts.coordinator)
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible()
  await expectNoSeriousViolations(page, 'overview')
  await page.getByRole('button', { name: /User menu/ }).click()
  await expect(page.getByRole('menuitem', { name: 'Sign out' })).toBeVisible()
  await expectNoSeriousViolations(page, 'overview with the user menu open')
})

test('candidates list, and a new candidate with its field messages', async ({ page }) => {
  await signInAndWait(page, accounts.coordinator)
  await page.goto('/candidates')
  await expect(page.getByRole('heading', { level: 1, name: 'Candidates' })).toBeVisible()
  await expect(page.locator('tbody tr').first()).toBeVisible()
  await expectNoSeriousViolations(page, 'candidates list')

  await page.goto('/candidates/new')
  await page.getByRole('button', { name: 'Save candidate' }).click()
  await expect(page.getByLabel('MRN')).toHaveAttribute('aria-invalid', 'true')
  await expectNoSeriousViolations(page, 'new candidate with field messages')
})

test('a patient record, and with every form open', async ({ page }) => {
  await signInAndWait(page, accounts.physician)
  // A treated patient in follow-up: fractures, imaging, a decision, a procedure and scores.
  await page.goto('/candidates?status=follow_up')
  await page.locator('tbody tr').first().getByRole('link').first().click()
  await expect(page.getByRole('heading', { level: 2, name: 'History' })).toBeVisible()
  await expectNoSeriousViolations(page, 'patient record')
  await openEveryDisclosure(page)
  await expectNoSeriousViolations(page, 'patient record with every form open')
})

test('a patient record in evaluation, with the decision form', async ({ page }) => {
  await signInAndWait(page, accounts.physician)
  await page.goto('/candidates?status=evaluation')
  await page.locator('tbody tr').first().getByRole('link').first().click()
  await page.getByRole('button', { name: 'Record decision' }).click()
  await expect(page.getByLabel('Decision')).toBeVisible()
  await expectNoSeriousViolations(page, 'patient record with the decision form')
})

test('outcomes, and with every data table shown', async ({ page }) => {
  await signInAndWait(page, accounts.physician)
  await page.goto('/outcomes')
  await expect(page.getByRole('heading', { level: 1, name: 'Outcomes' })).toBeVisible()
  await expectNoSeriousViolations(page, 'outcomes')
  const toggles = page.getByRole('main').locator('summary', { hasText: 'Show data' })
  for (const toggle of await toggles.all()) await toggle.click()
  await expect(page.getByRole('main').locator('details[open]')).toHaveCount(await toggles.count())
  await expectNoSeriousViolations(page, 'outcomes with every data table shown')
})

test('procedures list: upcoming and completed; the calendar', async ({ page }) => {
  await signInAndWait(page, accounts.coordinator)
  await page.goto('/procedures')
  await expect(page.getByRole('heading', { level: 1, name: 'Procedures' })).toBeVisible()
  await expectNoSeriousViolations(page, 'procedures list')
  await page.goto('/procedures?view=completed')
  await expect(page.getByRole('heading', { level: 1, name: 'Procedures' })).toBeVisible()
  await expectNoSeriousViolations(page, 'completed procedures')
  await page.goto('/procedures/calendar?span=week')
  await expect(page.getByRole('heading', { level: 1, name: 'Procedure calendar' })).toBeVisible()
  await expectNoSeriousViolations(page, 'procedure calendar, week')
})

test('account password page', async ({ page }) => {
  await signInAndWait(page, accounts.physician)
  await page.goto('/account/password')
  await expect(page.getByLabel('Current password')).toBeVisible()
  await expectNoSeriousViolations(page, 'account password')
})

test('two-factor settings, with the setup (QR code, key, code field) shown', async ({ page }) => {
  await signInAndWait(page, accounts.physician2)
  await page.goto('/account/two-factor')
  await expect(page.getByRole('heading', { level: 1, name: 'Two-factor sign-in' })).toBeVisible()
  await expectNoSeriousViolations(page, 'two-factor settings')
  // Started, never confirmed: the account stays password-only.
  await page.getByRole('button', { name: /Set up two-factor sign-in|Start over/ }).click()
  await expect(page.getByLabel('Authentication code')).toBeVisible()
  await expectNoSeriousViolations(page, 'two-factor setup')
})

test('staff admin, with the change-role dialog open, and a member’s page', async ({ page }) => {
  await signInAndWait(page, accounts.admin)
  await page.goto('/admin/staff')
  await expect(page.getByRole('heading', { level: 1, name: 'Staff' })).toBeVisible()
  await expectNoSeriousViolations(page, 'staff')
  const row = page.getByRole('row', { name: /coordinator@example\.org/ })
  // Opened and cancelled: nothing is changed.
  await row.getByRole('button', { name: 'Change role', exact: true }).click()
  await expect(page.getByRole('dialog')).toBeVisible()
  await expectNoSeriousViolations(page, 'staff with the change-role dialog')
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByRole('dialog')).toBeHidden()

  await row.getByRole('link').first().click()
  await expect(page).toHaveURL(/\/admin\/staff\/[0-9a-f-]{36}$/)
  await expectNoSeriousViolations(page, 'staff member')
})

test('audit log, and the 403 and 404 pages', async ({ page }) => {
  await signInAndWait(page, accounts.admin)
  await page.goto('/admin/audit')
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible()
  await expect(page.locator('tbody tr').first()).toBeVisible()
  await expectNoSeriousViolations(page, 'audit log')

  // One main landmark each: the 403 screen inside the shell's, the 404 (no shell) its own.
  expect((await page.goto('/candidates'))?.status()).toBe(403)
  await expect(page.getByRole('main')).toHaveCount(1)
  await expectNoSeriousViolations(page, '403 inside the shell')
  expect((await page.goto('/no-such-page'))?.status()).toBe(404)
  await expect(page.getByRole('main')).toHaveCount(1)
  await expectNoSeriousViolations(page, '404')
})
