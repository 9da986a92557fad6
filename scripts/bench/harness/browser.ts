// HTTP as a browser speaks it to the app the benchmarks run: a form's server action request and
// its answer, the cookie jar, and staff signed in through the login form.
import crypto from 'node:crypto'
import { seconds, type StaffLogin } from './lifecycle'

export interface SignedInUser extends StaffLogin {
  /** The browser's cookies for the app: refreshed from every answer, as a browser does. */
  cookies: Map<string, string>
}

/** A multipart/form-data body of text fields, as a browser's FormData is sent. */
function multipart(fields: [string, string][]): { body: string; contentType: string } {
  const boundary = `----AugmentLoad${crypto.randomBytes(12).toString('hex')}`
  const parts = fields.map(
    ([name, value]) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  )
  return {
    body: `${parts.join('')}--${boundary}--\r\n`,
    contentType: `multipart/form-data; boundary=${boundary}`,
  }
}

/**
 * A form's server action request as React encodes `action(previousState, formData)` for
 * useActionState: the form's fields prefixed "_1_", then the arguments in field "0" with the
 * form as reference 1 and the form's idle state first.
 */
export function actionRequest(actionId: string, origin: string, form: Record<string, string>) {
  const { body, contentType } = multipart([
    ...Object.entries(form).map(([name, value]): [string, string] => [`_1_${name}`, value]),
    ['0', JSON.stringify([{ ok: true }, '$K1'])],
  ])
  const headers = {
    accept: 'text/x-component',
    'content-type': contentType,
    'next-action': actionId,
    origin,
  }
  return { headers, body }
}

/**
 * What the action returned, read from its RSC answer: row 0 is `{"a":"$@N",…}` and row N the
 * value. Null when the answer holds no readable result.
 */
export function actionResult(body: string): { ok: boolean; message?: string } | null {
  const rowsById = new Map<string, string>()
  for (const line of body.split('\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) rowsById.set(line.slice(0, colon), line.slice(colon + 1))
  }
  try {
    const root = JSON.parse(rowsById.get('0') ?? 'null') as { a?: unknown } | null
    const reference = typeof root?.a === 'string' ? /^\$@([0-9a-f]+)$/.exec(root.a)?.[1] : null
    const value: unknown = reference ? JSON.parse(rowsById.get(reference) ?? 'null') : root?.a
    if (typeof value === 'object' && value !== null && 'ok' in value) {
      return value as { ok: boolean; message?: string }
    }
  } catch {
    // Not JSON: reported as unreadable below.
  }
  return null
}

export function cookieHeader(cookies: Map<string, string>): string {
  return [...cookies].map(([name, value]) => `${name}=${value}`).join('; ')
}

/** Applies Set-Cookie headers to a cookie jar (one host, no paths to tell apart here). */
export function storeCookies(cookies: Map<string, string>, setCookies: string[]) {
  for (const setCookie of setCookies) {
    const [pair = '', ...attributes] = setCookie.split(';')
    const equals = pair.indexOf('=')
    const name = pair.slice(0, equals).trim()
    const value = pair.slice(equals + 1).trim()
    const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute))
    if (expired || value === '') cookies.delete(name)
    else cookies.set(name, value)
  }
}

/**
 * Signs one member in as the login page does: GET /login, then its server action with email
 * and password. The answer sets the session cookie; a refusal carries the form's message.
 */
export async function signIn(
  origin: string,
  actionId: string,
  member: StaffLogin,
): Promise<SignedInUser> {
  const cookies = new Map<string, string>()
  const page = await fetch(`${origin}/login`, { redirect: 'manual' })
  if (page.status !== 200) throw new Error(`GET /login answered ${page.status}`)
  storeCookies(cookies, page.headers.getSetCookie())
  const { headers, body } = actionRequest(actionId, origin, {
    email: member.email,
    password: member.password,
  })
  const answer = await fetch(`${origin}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...headers, cookie: cookieHeader(cookies) },
    body,
  })
  storeCookies(cookies, answer.headers.getSetCookie())
  if (![...cookies.keys()].some((name) => name.startsWith('authjs.session-token'))) {
    const result = actionResult(await answer.text())
    throw new Error(`${member.email}: ${result?.message ?? `no session (HTTP ${answer.status})`}`)
  }
  // The session works: the list answers instead of sending the member to /login.
  const list = await fetch(`${origin}/candidates`, {
    redirect: 'manual',
    headers: { cookie: cookieHeader(cookies) },
  })
  if (list.status !== 200)
    throw new Error(`${member.email}: GET /candidates answered ${list.status}`)
  storeCookies(cookies, list.headers.getSetCookie())
  return { ...member, cookies }
}

// Argon2 takes ~19 MiB and a core per sign-in: a few at a time, as a morning's logins arrive.
const SIGN_IN_CONCURRENCY = 4

/** Signs every member in, a few at a time. */
export async function signInAll(origin: string, actionId: string, staff: StaffLogin[]) {
  const started = performance.now()
  const users: SignedInUser[] = []
  for (let i = 0; i < staff.length; i += SIGN_IN_CONCURRENCY) {
    const batch = staff.slice(i, i + SIGN_IN_CONCURRENCY)
    users.push(...(await Promise.all(batch.map((member) => signIn(origin, actionId, member)))))
  }
  console.log(`Signed in ${users.length} staff in ${seconds(started)} s`)
  return users
}
