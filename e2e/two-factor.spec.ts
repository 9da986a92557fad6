import { expect, test, type Page } from '@playwright/test'
import {
  accounts,
  addStaffMember,
  appCode,
  firstSignIn,
  newMember,
  signIn,
  signInAndWait,
} from './support'

// Two-factor sign-in end to end, on a member this test adds (the shared demo accounts stay
// password-only): setup with the key an app would read, sign-in with a code that works once,
// a recovery code, and an admin's reset for a lost phone.

async function enterCode(page: Page, code: string, button: string) {
  await page.getByLabel('Authentication code').fill(code)
  await page.getByRole('button', { name: button }).click()
}

// Six sign-ins and an admin's change in one story: more than the default 30 s on a busy machine.
test.setTimeout(120_000)

test('a member sets up two-factor sign-in; a code works once; recovery codes; an admin resets it', async ({
  browser,
}) => {
  const admin = await (await browser.newContext()).newPage()
  await signInAndWait(admin, accounts.admin)
  const member = newMember('coordinator')
  await addStaffMember(admin, member)
  const page = await (await browser.newContext()).newPage()
  await firstSignIn(page, member)

  // Setup: from the user menu; the QR code and the key to type by hand.
  await page.getByRole('button', { name: /User menu/ }).click()
  await page.getByRole('menuitem', { name: 'Two-factor sign-in' }).click()
  await expect(page.getByRole('heading', { name: 'Two-factor sign-in', level: 1 })).toBeVisible()
  await page.getByRole('button', { name: 'Set up two-factor sign-in' }).click()
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible()
  const key = (await page.getByLabel('Setup key').innerText()).replace(/\s/g, '')
  expect(key).toMatch(/^[A-Z2-7]{32}$/)

  await enterCode(page, '000000', 'Confirm and turn on')
  await expect(page.getByText('That code is not right.')).toBeVisible()
  await enterCode(page, appCode(key), 'Confirm and turn on')
  await expect(page.getByRole('status')).toContainText('Two-factor sign-in is on')
  const recoveryCodes = await page
    .getByRole('list', { name: 'Recovery codes' })
    .getByRole('listitem')
    .allInnerTexts()
  expect(recoveryCodes).toHaveLength(10)
  await page.getByRole('link', { name: 'I have saved my recovery codes' }).click()
  await expect(page.getByText('10 of 10 recovery codes left')).toBeVisible()

  // The password alone no longer signs in: the code step follows, and a code works once.
  const second = await (await browser.newContext()).newPage()
  await signIn(second, member.email, member.ownPassword)
  await expect(second).toHaveURL(/\/login\/two-factor$/)
  const code = appCode(key, 1)
  await enterCode(second, code, 'Verify')
  await expect(second.getByRole('navigation', { name: 'Main' })).toBeVisible()

  const third = await (await browser.newContext()).newPage()
  await signIn(third, member.email, member.ownPassword)
  await expect(third).toHaveURL(/\/login\/two-factor$/)
  await enterCode(third, code, 'Verify')
  await expect(third.getByText('That code did not work.')).toBeVisible()
  await expect(third).toHaveURL(/\/login\/two-factor$/)
  // A recovery code, as someone might type it, instead.
  await enterCode(third, recoveryCodes[0]!.toLowerCase(), 'Verify')
  await expect(third.getByRole('navigation', { name: 'Main' })).toBeVisible()
  await third.goto('/account/two-factor')
  await expect(third.getByText('9 of 10 recovery codes left')).toBeVisible()

  // The code page without the password step sends back to the password.
  const stranger = await (await browser.newContext()).newPage()
  await stranger.goto('/login/two-factor')
  await expect(stranger).toHaveURL(/\/login$/)

  // A lost phone: the admin resets it; the member's sessions end; the password alone works again.
  await admin.goto('/admin/staff')
  const row = admin.getByRole('row', { name: new RegExp(member.email.replace(/\./g, '\\.')) })
  await expect(row.getByRole('cell', { name: 'On', exact: true })).toBeVisible()
  await row.getByRole('button', { name: 'Reset two-factor' }).click()
  await expect(row.getByRole('cell', { name: 'Off', exact: true })).toBeVisible()
  await second.getByRole('link', { name: 'Candidates' }).click()
  await expect(second).toHaveURL(/\/login\?reason=ended/)
  await signIn(second, member.email, member.ownPassword)
  await expect(second.getByRole('navigation', { name: 'Main' })).toBeVisible()

  const history = await admin.request.get('/admin/audit?action=staff.two_factor_reset')
  expect(await history.text()).toContain(member.email)
  for (const context of browser.contexts()) await context.close()
})
