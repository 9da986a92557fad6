import { expect, test, type Browser, type Page } from '@playwright/test'
import {
  accounts,
  addStaffMember,
  captureServerAction,
  changePassword,
  enrol,
  firstSignIn,
  newMember,
  signIn,
  signInAndWait,
  type NewMember,
} from './support'

// Staff administration, end to end. Every test works on staff members it adds itself through the
// form, so the shared demo accounts other specs sign in with are never changed here.

async function openStaffPage(adminPage: Page) {
  await adminPage.goto('/admin/staff')
  await expect(adminPage.getByRole('heading', { name: 'Staff', exact: true })).toBeVisible()
}

const staffRow = (adminPage: Page, member: Pick<NewMember, 'email'>) =>
  adminPage.getByRole('row', { name: new RegExp(member.email.replace(/[.]/g, '\\.')) })

/** An admin and a freshly added member, each signed in in their own browser context. */
async function adminAndSignedInMember(browser: Browser, member: NewMember) {
  const adminContext = await browser.newContext()
  const memberContext = await browser.newContext()
  const adminPage = await adminContext.newPage()
  const memberPage = await memberContext.newPage()
  await signInAndWait(adminPage, accounts.admin)
  await addStaffMember(adminPage, member)
  await firstSignIn(memberPage, member)
  // The forced change moved the member's session version on: load the list afresh.
  await openStaffPage(adminPage)
  const close = async () => {
    await adminContext.close()
    await memberContext.close()
  }
  return { adminPage, memberPage, close }
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: /User menu/ }).click()
  await page.getByRole('menuitem', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/login/)
}

async function expectSessionEnded(memberPage: Page) {
  await memberPage.getByRole('link', { name: 'Candidates' }).click()
  await expect(memberPage).toHaveURL(/\/login\?reason=ended/)
  await expect(memberPage.getByRole('main').getByRole('alert')).toHaveText(
    'Your session has ended. Please sign in again.',
  )
}

test('an added coordinator sets their own password with the link shown once, and reaches the clinic', async ({
  browser,
}) => {
  // Several argon2 hashes (the link's placeholder, the member's own password) on busy cores.
  test.slow()
  const member = newMember('coordinator')
  const adminContext = await browser.newContext()
  const memberContext = await browser.newContext()
  const adminPage = await adminContext.newPage()
  const page = await memberContext.newPage()
  await signInAndWait(adminPage, accounts.admin)
  // No password field: an admin never chooses one.
  await adminPage.goto('/admin/staff')
  const form = adminPage.getByRole('region', { name: 'Add staff member' })
  await expect(form.getByLabel(/password/i)).toHaveCount(0)
  const link = await addStaffMember(adminPage, member)
  const row = staffRow(adminPage, member)
  await expect(row.getByRole('cell', { name: 'Coordinator' })).toBeVisible()
  // Shown once: gone when the page is loaded again.
  await openStaffPage(adminPage)
  await expect(adminPage.getByLabel('Enrolment link')).toHaveCount(0)
  expect(await adminPage.content()).not.toContain(link.split('/').pop())

  // A fresh browser, signed out, opens the link. The policy speaks next to the field.
  await enrol(page, link, 'fourteen chars')
  await expect(page.getByText('Use at least 15 characters')).toBeVisible()
  await enrol(page, link, 'zaq12wsxcde34rfv')
  await expect(page.getByText('line of neighbouring keys')).toBeVisible()
  await enrol(page, link, member.ownPassword, 'something else entirely')
  await expect(page.getByText('The passwords do not match')).toBeVisible()
  await enrol(page, link, member.ownPassword)
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Candidates' })).toBeVisible()

  // Single use: the link is spent; the chosen password signs in.
  await signOut(page)
  await page.goto(link)
  await expect(page.getByRole('main').getByRole('alert')).toContainText(
    'expired or was already used',
  )
  await signIn(page, member.email, member.ownPassword)
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible()
  await adminContext.close()
  await memberContext.close()
})

test('a physician sees each new clinical access on the Overview and acknowledges it', async ({
  browser,
}) => {
  // Several argon2 hashes (the link's placeholder, the member's own password) on busy cores.
  test.slow()
  const member = newMember('coordinator')
  const adminContext = await browser.newContext()
  const physicianContext = await browser.newContext()
  const adminPage = await adminContext.newPage()
  const physicianPage = await physicianContext.newPage()
  await signInAndWait(adminPage, accounts.admin)
  await addStaffMember(adminPage, member)

  await signInAndWait(physicianPage, accounts.physician)
  await physicianPage.goto('/')
  const card = physicianPage.getByRole('region', { name: 'New clinical access' })
  const entry = card.getByRole('listitem').filter({ hasText: member.email })
  await expect(entry).toContainText(`${member.name} (${member.email}): Coordinator`)
  await expect(entry).toContainText(`New login by`)
  await expect(entry).toContainText(accounts.admin)
  await entry.getByRole('button', { name: 'Acknowledge' }).click()
  await expect(entry).toHaveCount(0)
  // Stays acknowledged (other specs add members at the same time, so the card need not empty).
  await physicianPage.reload()
  await expect(card).toBeVisible()
  await expect(card.getByRole('listitem').filter({ hasText: member.email })).toHaveCount(0)

  // Audited with the acknowledging physician.
  const history = await adminPage.request.get(
    '/admin/audit?action=staff.clinical_access_acknowledged',
  )
  expect(await history.text()).toContain(accounts.physician)

  // A coordinator never sees the card.
  const coordinatorContext = await browser.newContext()
  const coordinatorPage = await coordinatorContext.newPage()
  await signInAndWait(coordinatorPage, accounts.coordinator)
  await coordinatorPage.goto('/')
  await expect(coordinatorPage.getByRole('heading', { name: 'Overview' })).toBeVisible()
  await expect(coordinatorPage.getByRole('region', { name: 'New clinical access' })).toHaveCount(0)
  await coordinatorContext.close()
  await adminContext.close()
  await physicianContext.close()
})

test('deactivating a member ends their session at their next navigation', async ({ browser }) => {
  const member = newMember()
  const { adminPage, memberPage, close } = await adminAndSignedInMember(browser, member)
  const row = staffRow(adminPage, member)
  await row.getByRole('button', { name: 'Deactivate', exact: true }).click()
  await expect(row.getByRole('cell', { name: 'Inactive' })).toBeVisible()

  await expectSessionEnded(memberPage)
  await signIn(memberPage, member.email, member.ownPassword)
  await expect(memberPage.getByRole('main').getByRole('alert')).toHaveText(
    'Invalid email or password',
  )

  // Reactivated, the account works again with its password.
  await row.getByRole('button', { name: 'Reactivate', exact: true }).click()
  await expect(row.getByRole('cell', { name: 'Active', exact: true })).toBeVisible()
  await signIn(memberPage, member.email, member.ownPassword)
  await expect(memberPage.getByRole('heading', { name: 'Overview' })).toBeVisible()
  await close()
})

test('changing a member’s role ends their session; they come back with the new role', async ({
  browser,
}) => {
  const member = newMember('coordinator')
  const { adminPage, memberPage, close } = await adminAndSignedInMember(browser, member)
  const row = staffRow(adminPage, member)
  await row.getByRole('button', { name: 'Change role', exact: true }).click()
  const dialog = adminPage.getByRole('dialog')
  await dialog.getByLabel('Role', { exact: true }).selectOption('physician')
  await dialog.getByRole('button', { name: 'Save role' }).click()
  await expect(dialog).toBeHidden()
  await expect(row.getByRole('cell', { name: 'Physician' })).toBeVisible()

  await expectSessionEnded(memberPage)
  await signIn(memberPage, member.email, member.ownPassword)
  await expect(memberPage.getByRole('button', { name: /User menu/ })).toContainText('Physician')
  await close()
})

test('resetting a member’s password ends their session and voids it; they set a new one with a link', async ({
  browser,
}) => {
  // Several argon2 hashes (the link's placeholder, the member's own password) on busy cores.
  test.slow()
  const member = newMember()
  const { adminPage, memberPage, close } = await adminAndSignedInMember(browser, member)
  const row = staffRow(adminPage, member)
  await row.getByRole('button', { name: 'Reset password', exact: true }).click()
  const dialog = adminPage.getByRole('dialog')
  await dialog.getByRole('button', { name: 'Reset password and issue link' }).click()
  const link = await dialog.getByLabel('Enrolment link').inputValue()
  expect(link).toMatch(/\/enrol\/[A-Za-z0-9_-]{43}$/)
  await dialog.getByRole('button', { name: 'Done' }).click()

  await expectSessionEnded(memberPage)
  await signIn(memberPage, member.email, member.ownPassword)
  await expect(memberPage.getByRole('main').getByRole('alert')).toHaveText(
    'Invalid email or password',
  )
  const renewed = `${member.ownPassword} renewed`
  await enrol(memberPage, link, renewed)
  await expect(memberPage.getByRole('heading', { name: 'Overview' })).toBeVisible()
  await close()
})

test('the last active admin cannot be deactivated or demoted: hidden, and refused by the server', async ({
  page,
}) => {
  await signInAndWait(page, accounts.admin)
  // The premise, checked before anything is forged: the demo admin is the only active admin
  // (were there another, the forged demotion below would be allowed, and rightly so).
  await page.goto('/admin/staff?role=admin&status=active')
  await expect(page.getByRole('main')).toContainText('1 staff member matches these filters')
  const member = newMember()
  await addStaffMember(page, member)
  const ownRow = page.getByRole('row', { name: /admin@example\.org/ })
  await expect(ownRow.getByRole('cell', { name: 'Admin', exact: true })).toBeVisible()
  // 1. The UI offers no way to do it.
  for (const action of ['Deactivate', 'Change role', 'Reset password']) {
    await expect(ownRow.getByRole('button', { name: action, exact: true })).toHaveCount(0)
  }
  const idOf = async (row: ReturnType<typeof staffRow>) =>
    (await row.getByRole('link').first().getAttribute('href'))!.split('/').pop()!
  const adminId = await idOf(ownRow)
  const memberId = await idOf(staffRow(page, member))

  // 2. The server refuses a forged request: a captured "Deactivate" on the new member, retargeted.
  const url = new URL('/admin/staff', page.url()).toString()
  const deactivate = await captureServerAction(page, url, () =>
    staffRow(page, member).getByRole('button', { name: 'Deactivate', exact: true }).click(),
  )
  const forged = {
    ...deactivate,
    body: Buffer.from(deactivate.body.toString('latin1').replaceAll(memberId, adminId), 'latin1'),
  }
  const response = await page.request.post(url, {
    headers: {
      'content-type': forged.headers['content-type']!,
      'next-action': forged.headers['next-action']!,
      accept: 'text/x-component',
      origin: new URL(url).origin,
    },
    data: forged.body,
  })
  expect(await response.text()).toContain('You cannot deactivate your own account.')

  // … and a retargeted "Change role" that would demote the last admin.
  await page.unrouteAll()
  await openStaffPage(page)
  await staffRow(page, member).getByRole('button', { name: 'Change role', exact: true }).click()
  await page.getByRole('dialog').getByLabel('Role', { exact: true }).selectOption('physician')
  const demote = await captureServerAction(page, url, () =>
    page.getByRole('dialog').getByRole('button', { name: 'Save role' }).click(),
  )
  const demoteBody = demote.body
    .toString('latin1')
    .replaceAll(memberId, adminId)
    .replace(/(name="(?:\d+_)?currentRole"\r\n\r\n)coordinator/, '$1admin')
  const demoted = await page.request.post(url, {
    headers: {
      'content-type': demote.headers['content-type']!,
      'next-action': demote.headers['next-action']!,
      accept: 'text/x-component',
      origin: new URL(url).origin,
    },
    data: Buffer.from(demoteBody, 'latin1'),
  })
  expect(await demoted.text()).toContain('is the last active admin and must keep the admin role')

  // Nothing changed: still an active admin, still signed in.
  await page.unrouteAll()
  await openStaffPage(page)
  await expect(ownRow.getByRole('cell', { name: 'Admin', exact: true })).toBeVisible()
  await expect(ownRow.getByRole('cell', { name: 'Active', exact: true })).toBeVisible()
})

test('a member changes their own password: other sessions end, this one goes on', async ({
  browser,
}) => {
  const member = newMember()
  const { memberPage, close } = await adminAndSignedInMember(browser, member)
  const otherContext = await browser.newContext()
  const otherPage = await otherContext.newPage()
  await signIn(otherPage, member.email, member.ownPassword)
  await expect(otherPage.getByRole('heading', { name: 'Overview' })).toBeVisible()

  await memberPage.getByRole('button', { name: /User menu/ }).click()
  await memberPage.getByRole('menuitem', { name: 'Change password' }).click()
  await expect(memberPage).toHaveURL(/\/account\/password$/)
  const next = `${member.ownPassword} renewed`
  await changePassword(memberPage, 'not my password at all', next)
  await expect(memberPage.getByText('The current password is not correct')).toBeVisible()
  await changePassword(memberPage, member.ownPassword, next, `${next}!`)
  await expect(memberPage.getByText('The passwords do not match')).toBeVisible()
  await changePassword(memberPage, member.ownPassword, next)
  await expect(memberPage.getByRole('status').filter({ hasText: 'Password changed' })).toBeVisible()

  // This browser carries on; the other one is signed out at its next request.
  await memberPage.getByRole('link', { name: 'Candidates' }).click()
  await expect(memberPage.getByRole('heading', { name: 'Candidates' })).toBeVisible()
  await expectSessionEnded(otherPage)
  await otherContext.close()
  await close()
})
