import { expect, test } from '@playwright/test'
import {
  accounts,
  addStaffMember,
  firstSignIn,
  mainNavLinks,
  newMember,
  password,
  signIn,
  signInAndWait,
} from './support'

test.describe('sign-in', () => {
  const navByRole = [
    {
      email: accounts.coordinator,
      home: '/',
      nav: ['Overview', 'Candidates', 'Procedures', 'Outcomes'],
    },
    {
      email: accounts.physician,
      home: '/',
      nav: ['Overview', 'Candidates', 'Procedures', 'Outcomes'],
    },
    { email: accounts.admin, home: '/admin/staff', nav: ['Staff', 'Audit log', 'Access reviews'] },
  ]
  for (const { email, home, nav } of navByRole) {
    test(`${email} signs in and sees exactly their navigation`, async ({ page }) => {
      await signInAndWait(page, email)
      await expect(page).toHaveURL(home)
      expect(await mainNavLinks(page)).toEqual(nav)
    })
  }

  test('a wrong password shows the generic message and keeps the email', async ({ page }) => {
    await signIn(page, accounts.physician, 'not-the-password')
    await expect(page.getByRole('main').getByRole('alert')).toHaveText('Invalid email or password')
    await expect(page.getByLabel('Email')).toHaveValue(accounts.physician)
    await expect(page).toHaveURL(/\/login/)
  })

  test('an unknown email gets the same message', async ({ page }) => {
    await signIn(page, 'nobody@example.org', 'whatever-password')
    await expect(page.getByRole('main').getByRole('alert')).toHaveText('Invalid email or password')
  })

  test('the sixth attempt on a locked account fails even with the right password', async ({
    page,
  }) => {
    for (let attempt = 1; attempt <= 5; attempt++) {
      await signIn(page, accounts.physician3, `wrong-password-${attempt}`)
      await expect(page.getByRole('main').getByRole('alert')).toHaveText(
        'Invalid email or password',
      )
    }
    await signIn(page, accounts.physician3, password())
    await expect(page.getByRole('main').getByRole('alert')).toHaveText('Invalid email or password')
    await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0)
  })

  test('anonymous visitors are sent to sign in and come back after', async ({ page }) => {
    await page.goto('/candidates?status=referred')
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fcandidates%3Fstatus%3Dreferred/)
    await page.getByLabel('Email').fill(accounts.coordinator)
    await page.getByLabel('Password').fill(password())
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page).toHaveURL('/candidates?status=referred')
    await expect(page.getByRole('heading', { name: 'Candidates' })).toBeVisible()
  })

  test('sign out from the user menu ends the session', async ({ page }) => {
    await signInAndWait(page, accounts.physician2)
    await page.getByRole('button', { name: /User menu/ }).click()
    await page.getByRole('menuitem', { name: 'Sign out' }).click()
    await expect(page).toHaveURL(/\/login/)
    await page.goto('/')
    await expect(page).toHaveURL(/\/login/)
  })
})

test('Overview shows real counts of patients by status', async ({ page }) => {
  await signInAndWait(page, accounts.coordinator)
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible()
  const byStatus = page.getByRole('region', { name: 'Patients by status' })
  const total = Number(
    (await byStatus.getByText(/patients in all/).innerText()).replace(/[^0-9]/g, ''),
  )
  // Other tests add patients meanwhile: at least the seeded 1,000, and the parts add up.
  expect(total).toBeGreaterThanOrEqual(1_000)
  const counts = await byStatus.getByRole('link').allInnerTexts()
  expect(counts).toHaveLength(11)
  const sum = counts.reduce((acc, text) => acc + Number(text.replace(/[^0-9]/g, '')), 0)
  expect(sum).toBe(total)
})

test('a deactivated account is signed out on its next request', async ({ browser }) => {
  const member = await browser.newContext()
  const admin = await browser.newContext()
  const memberPage = await member.newPage()
  const adminPage = await admin.newPage()

  // A member of its own: deactivating a shared demo account would lock out other specs.
  const coordinator = newMember('coordinator')
  await signInAndWait(adminPage, accounts.admin)
  await addStaffMember(adminPage, coordinator)
  await firstSignIn(memberPage, coordinator)
  await adminPage.goto('/admin/staff')
  const row = adminPage.getByRole('row', { name: new RegExp(coordinator.email) })
  await row.getByRole('button', { name: /Deactivate/ }).click()
  await expect(row.getByRole('cell', { name: 'Inactive' })).toBeVisible()

  await memberPage.getByRole('link', { name: 'Candidates' }).click()
  await expect(memberPage).toHaveURL(/\/login\?reason=ended/)
  await expect(memberPage.getByRole('main').getByRole('alert')).toHaveText(
    'Your session has ended. Please sign in again.',
  )
  await member.close()
  await admin.close()
})

test.describe('on a phone', () => {
  test.use({ viewport: { width: 390, height: 844 } })

  test('the navigation is a sheet behind "Menu"; choosing a page opens it and closes the sheet', async ({
    page,
  }) => {
    await signIn(page, accounts.coordinator)
    const menu = page.getByRole('button', { name: 'Menu', exact: true })
    await expect(menu).toBeVisible()
    // The bar's links are not shown (nor in the accessibility tree) until the sheet opens.
    await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0)
    await menu.click()
    const sheet = page.getByRole('dialog', { name: 'Augment' })
    await expect(sheet.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText([
      'Overview',
      'Candidates',
      'Procedures',
      'Outcomes',
    ])
    await sheet.getByRole('link', { name: 'Procedures' }).click()
    await expect(page).toHaveURL(/\/procedures/)
    await expect(sheet).toHaveCount(0)
    // Nothing wider than the phone: the page body does not scroll sideways.
    await page.goto('/')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    // Escape closes the sheet, as a dialog does.
    await menu.click()
    await expect(sheet).toBeVisible()
    await page.keyboard.press('Escape')
    await expect(sheet).toHaveCount(0)
  })
})
