import crypto from 'node:crypto'
import { expect, test, type APIRequestContext, type Browser } from '@playwright/test'
import Papa from 'papaparse'
import {
  accounts,
  addStaffMember,
  captureServerAction,
  signInAndWait,
  type CapturedAction,
} from './support'

// Parallel sign-in attempts against the real server, both ways in: the login form's server
// action and Auth.js' own endpoint. Each test uses accounts of its own and client addresses of
// its own (the e2e server trusts X-Forwarded-For from 127.0.0.1 only), so its failures lock and
// throttle nothing another spec signs in with.

const MAX_CHECKS_PER_ACCOUNT_AND_ADDRESS = 5
const ATTEMPTS = 60

const run = crypto.randomBytes(4).toString('hex')
let sequence = 0
/** A documentation-range address of this run's own. */
// Written canonically (no leading zeros in a group), as the audit log stores addresses.
const freshAddress = () =>
  `2001:db8:5e:${Number.parseInt(run.slice(0, 4), 16).toString(16)}::${(++sequence).toString(16)}`

async function dedicatedAccount(browser: Browser, label: string) {
  const member = {
    name: `Concurrency ${label} ${run}`,
    email: `concurrency-${label}-${run}@clinic.example`,
    role: 'coordinator' as const,
    temporaryPassword: `granite harbour ${run} ${label} lantern`,
  }
  const context = await browser.newContext()
  const admin = await context.newPage()
  await signInAndWait(admin, accounts.admin)
  await addStaffMember(admin, member)
  await context.close()
  return member
}

/** The audit rows of failed sign-ins for `email`, as the admin's CSV export has them. */
async function failedSignIns(browser: Browser, email: string) {
  const context = await browser.newContext()
  const admin = await context.newPage()
  await signInAndWait(admin, accounts.admin)
  const response = await admin.request.get(
    `/admin/audit/export?action=auth.sign_in_failed&email=${encodeURIComponent(email)}`,
  )
  expect(response.status()).toBe(200)
  const [header, ...rows] = Papa.parse<string[]>(await response.text(), {
    skipEmptyLines: true,
  }).data
  await context.close()
  const column = (name: string) => header!.indexOf(name)
  return rows.map((row) => ({
    address: row[column('Client address')]!,
    details: row[column('Details')]!,
  }))
}

/** The login form's own request, captured in the browser with placeholders to fill in. */
async function loginActionTemplate(browser: Browser) {
  const placeholder = { email: `placeholder-${run}@capture.invalid`, password: `pw-${run}-x` }
  const context = await browser.newContext()
  const page = await context.newPage()
  await page.goto('/login')
  await page.getByLabel('Email').fill(placeholder.email)
  await page.getByLabel('Password').fill(placeholder.password)
  const url = new URL('/login', page.url()).toString()
  const action: CapturedAction = await captureServerAction(page, url, () =>
    page.getByRole('button', { name: 'Sign in' }).click(),
  )
  await context.close()
  const template = action.body.toString('latin1')
  expect(template).toContain(placeholder.email)
  /** One sign-in POST; `to` is another URL of the same server (another host name for it). */
  return (
    request: APIRequestContext,
    attempt: { email: string; password: string; address: string; to?: string },
  ) => {
    const target = attempt.to ?? url
    return request.post(target, {
      headers: {
        'content-type': action.headers['content-type']!,
        'next-action': action.headers['next-action']!,
        accept: 'text/x-component',
        origin: new URL(target).origin,
        'x-forwarded-for': attempt.address,
      },
      data: Buffer.from(
        template
          .replace(placeholder.email, attempt.email)
          .replace(placeholder.password, attempt.password),
        'latin1',
      ),
      maxRedirects: 0,
    })
  }
}

const wrongPasswords = (count: number) =>
  Array.from({ length: count }, (_, i) => `not the password ${i} ${run}`)

test.describe.configure({ mode: 'serial' })

test(`${ATTEMPTS} parallel sign-ins through the login form: at most ${MAX_CHECKS_PER_ACCOUNT_AND_ADDRESS} checked, the right password refused`, async ({
  browser,
  playwright,
}) => {
  test.setTimeout(180_000)
  const member = await dedicatedAccount(browser, 'form')
  const signIn = await loginActionTemplate(browser)
  const request = await playwright.request.newContext()
  const address = freshAddress()
  const passwords = [...wrongPasswords(ATTEMPTS - 1), member.temporaryPassword]
  const answers = await Promise.all(
    passwords.map(async (password) => {
      const response = await signIn(request, { email: member.email, password, address })
      return { status: response.status(), body: await response.text(), headers: response.headers() }
    }),
  )
  await request.dispose()
  // A sign-in would redirect onwards (to the password change) and set the session cookie.
  for (const answer of answers) {
    expect(answer.status).toBe(200)
    expect(answer.headers['x-action-redirect']).toBeUndefined()
    expect(answer.headers['set-cookie'] ?? '').not.toContain('authjs.session-token')
  }
  expect(answers.at(-1)!.body).toMatch(/Invalid email or password|Too many failed sign-ins/)

  const failed = await failedSignIns(browser, member.email)
  const checked = failed.filter((row) => row.details.includes('wrong_password'))
  expect(checked.length).toBeGreaterThan(0)
  expect(checked.length).toBeLessThanOrEqual(MAX_CHECKS_PER_ACCOUNT_AND_ADDRESS)
  // Every row carries the address the trusted proxy (loopback) reported.
  expect(new Set(failed.map((row) => row.address))).toEqual(new Set([address]))
})

test(`${ATTEMPTS} parallel sign-ins through /api/auth/callback/credentials: at most ${MAX_CHECKS_PER_ACCOUNT_AND_ADDRESS} checked, the right password refused`, async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(180_000)
  const member = await dedicatedAccount(browser, 'callback')
  const address = freshAddress()
  const request = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { 'x-forwarded-for': address },
  })
  const { csrfToken } = (await (await request.get('/api/auth/csrf')).json()) as {
    csrfToken: string
  }
  const passwords = [...wrongPasswords(ATTEMPTS - 1), member.temporaryPassword]
  const answers = await Promise.all(
    passwords.map(async (password) => {
      const response = await request.post('/api/auth/callback/credentials', {
        form: { csrfToken, email: member.email, password, callbackUrl: '/' },
        headers: { origin: new URL(baseURL!).origin },
        maxRedirects: 0,
      })
      return { status: response.status(), headers: response.headersArray() }
    }),
  )
  await request.dispose()
  for (const answer of answers) {
    const cookies = answer.headers.filter((h) => h.name.toLowerCase() === 'set-cookie')
    expect(cookies.map((h) => h.value).join('\n')).not.toContain('authjs.session-token')
    // Auth.js answers a refused sign-in with a redirect to its error (or sign-in) page.
    const location = answer.headers.find((h) => h.name.toLowerCase() === 'location')?.value ?? ''
    expect(location).toMatch(/error=|code=/)
  }
  const failed = await failedSignIns(browser, member.email)
  const checked = failed.filter((row) => row.details.includes('wrong_password'))
  expect(checked.length).toBeGreaterThan(0)
  expect(checked.length).toBeLessThanOrEqual(MAX_CHECKS_PER_ACCOUNT_AND_ADDRESS)
})

test('a client that is not a trusted proxy cannot choose its address with X-Forwarded-For', async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(180_000)
  const member = await dedicatedAccount(browser, 'spoof')
  const signIn = await loginActionTemplate(browser)
  // The same server over IPv6 loopback: ::1 is not in AUGMENT_TRUSTED_PROXIES.
  const untrusted = new URL('/login', baseURL)
  untrusted.hostname = '[::1]'
  const request = await playwright.request.newContext()
  // A different made-up address each time: were it believed, no lock would ever be reached.
  const attempt = (password: string) =>
    signIn(request, {
      email: member.email,
      password,
      address: freshAddress(),
      to: untrusted.toString(),
    })
  for (const password of wrongPasswords(MAX_CHECKS_PER_ACCOUNT_AND_ADDRESS)) {
    expect((await attempt(password)).status()).toBe(200)
  }
  const right = await attempt(member.temporaryPassword)
  expect(right.status()).toBe(200)
  expect(right.headers()['x-action-redirect']).toBeUndefined()
  await request.dispose()

  const failed = await failedSignIns(browser, member.email)
  expect(failed.length).toBe(MAX_CHECKS_PER_ACCOUNT_AND_ADDRESS + 1)
  expect(new Set(failed.map((row) => row.address))).toEqual(new Set(['::1']))
  // Newest first: the right password was refused, unchecked, from the locked address.
  expect(failed.at(0)!.details).toMatch(/locked/)
})
