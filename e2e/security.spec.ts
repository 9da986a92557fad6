import { expect, test, type Page } from '@playwright/test'
import { accounts, captureServerAction, replayServerAction, signInAndWait } from './support'

test('every page gets a fresh CSP nonce and no inline-script allowance', async ({ page }) => {
  const errors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text())
  })
  const first = await page.goto('/login')
  const policy = first!.headers()['content-security-policy']!
  const scriptSrc = policy.split(';').find((d) => d.trim().startsWith('script-src'))!
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/)
  expect(scriptSrc).not.toContain('unsafe-inline')
  expect(policy).toContain("frame-ancestors 'none'")
  expect(policy).toContain("object-src 'none'")
  // Next stamped this response's nonce on its inline scripts.
  const nonce = scriptSrc.match(/'nonce-([^']+)'/)![1]!
  expect(await page.locator(`script[nonce]`).count()).toBeGreaterThan(0)
  const stamped = await page
    .locator('script[nonce]')
    .evaluateAll((scripts) => scripts.map((script) => (script as HTMLScriptElement).nonce))
  expect(new Set(stamped)).toEqual(new Set([nonce]))

  const headers = first!.headers()
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('same-origin')
  expect(headers['permissions-policy']).toContain('camera=()')
  expect(headers['x-powered-by']).toBeUndefined()
  // Plain http here: HSTS would be meaningless, and it is only sent over https.
  expect(headers['strict-transport-security']).toBeUndefined()

  const second = await page.goto('/login')
  expect(second!.headers()['content-security-policy']).not.toBe(policy)

  // The page still works under the policy: the sign-in form hydrates and signs in.
  await signInAndWait(page, accounts.coordinator)
  expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([])
})

test('HSTS is sent when the request reached the app over https', async ({ request }) => {
  const response = await request.get('/login', { headers: { 'x-forwarded-proto': 'https' } })
  expect(response.headers()['strict-transport-security']).toMatch(/max-age=\d{8}/)
})

test('pages with patient data are never cached', async ({ page }) => {
  await signInAndWait(page, accounts.coordinator)
  for (const path of ['/candidates', '/procedures', '/outcomes', '/']) {
    const cacheControl = (await page.goto(path))!.headers()['cache-control'] ?? ''
    expect(cacheControl, path).toContain('private')
    expect(cacheControl, path).toContain('no-store')
  }
})

async function candidateCount(page: Page, mrn: string): Promise<number> {
  await page.goto(`/candidates?q=${mrn}`)
  return page.locator('tbody tr').filter({ hasText: mrn }).count()
}

test('a server action posted cross-site, or with no origin at all, is refused and saves nothing', async ({
  page,
}) => {
  const mrn = `X${Date.now().toString().slice(-9)}`
  await signInAndWait(page, accounts.coordinator)
  await page.goto('/candidates/new')
  await page.getByLabel('MRN').fill(mrn)
  await page.getByLabel('First name').fill('Cross')
  await page.getByLabel('Last name').fill('Site')
  await page.getByLabel('Date of birth').fill('1950-03-02')
  await page.getByLabel('Sex').selectOption('male')
  await page.getByLabel('Referral date').fill('2026-11-20')
  await page.getByLabel('Referring physician').fill('Dr. Elsewhere')
  await page.getByLabel('Etiology').selectOption('osteoporotic')
  await page.getByLabel('Assigned physician').selectOption({ label: 'Dr. Maya Okafor' })
  const url = new URL('/candidates/new', page.url()).toString()
  const action = await captureServerAction(page, url, () =>
    page.getByRole('button', { name: 'Save candidate' }).click(),
  )
  await page.unroute(url)

  expect(await replayServerAction(page, url, action, 'https://attacker.example')).toBe(403)
  expect(await replayServerAction(page, url, action, null)).toBe(403)
  expect(await candidateCount(page, mrn)).toBe(0)

  // The same bytes from our own origin go through: the refusals above were about the origin.
  expect(await replayServerAction(page, url, action)).toBeLessThan(400)
  expect(await candidateCount(page, mrn)).toBe(1)
})

test('a malformed server action body is a 400, never a 500, and saves nothing', async ({
  page,
}) => {
  const mrn = `Y${Date.now().toString().slice(-9)}`
  await signInAndWait(page, accounts.coordinator)
  await page.goto('/candidates/new')
  await page.getByLabel('MRN').fill(mrn)
  const url = new URL('/candidates/new', page.url()).toString()
  const action = await captureServerAction(page, url, () =>
    page.getByRole('button', { name: 'Save candidate' }).click(),
  )
  await page.unroute(url)
  const origin = new URL(url).origin
  const malformed: [string, Record<string, string>, string | Buffer][] = [
    ['text that is not JSON', { 'content-type': 'text/plain;charset=UTF-8' }, 'not json'],
    ['JSON that is not the argument list', { 'content-type': 'text/plain' }, '{"mrn":1}'],
    [
      'multipart without the root field',
      { 'content-type': 'multipart/form-data; boundary=b' },
      '--b\r\nContent-Disposition: form-data; name="mrn"\r\n\r\nX\r\n--b--\r\n',
    ],
    [
      'a truncated capture',
      { 'content-type': action.headers['content-type']! },
      action.body.subarray(0, 40),
    ],
  ]
  for (const [label, headers, data] of malformed) {
    const response = await page.request.post(url, {
      headers: { ...headers, 'next-action': action.headers['next-action']!, origin },
      data,
    })
    expect(response.status(), label).toBe(400)
  }
  expect(await candidateCount(page, mrn)).toBe(0)
})

test('requests no browser of ours sends get 400, 405 or 413, never a 500', async ({
  request,
  baseURL,
}) => {
  const origin = new URL(baseURL!).origin
  for (const method of ['TRACE', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
    const response = await request.fetch('/login', { method, headers: { origin } })
    expect(response.status(), method).toBe(405)
    expect(response.headers()['allow']).toBe('GET, HEAD, POST')
  }
  expect((await request.get('/login%00')).status()).toBe(400)
  expect((await request.get('/candidates?q=a%00b')).status()).toBe(400)
  const nulBody = await request.post('/api/auth/callback/credentials', {
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
    data: 'email=coordinator%40example.org%00&password=x',
  })
  expect(nulBody.status()).toBe(400)
  const huge = await request.post('/login', {
    headers: { origin, 'content-type': 'text/plain', 'next-action': 'a'.repeat(42) },
    data: `["${'a'.repeat(1024 * 1024 + 10)}"]`,
  })
  expect(huge.status()).toBe(413)
  // The CSV upload takes files up to 5 MB: its body is not cut at 1 MB by the proxy (an
  // anonymous caller is sent to sign in instead; following that redirect would re-post it).
  const upload = await request.post('/candidates/import/upload', {
    maxRedirects: 0,
    headers: { origin },
    multipart: {
      file: { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.alloc(1.5 * 1024 * 1024, 'a') },
    },
  })
  expect(upload.status()).not.toBe(413)
  expect(upload.status()).toBeLessThan(500)
})
