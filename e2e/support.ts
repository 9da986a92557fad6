import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { expect, type Page } from '@playwright/test'
import { addDays, format, parseISO } from 'date-fns'
import { Secret, TOTP } from 'otpauth'
import { calendarDay } from '../lib/clinic-time'
import { clinicZone } from './playwright-base'

export const password = () => process.env.E2E_PASSWORD ?? ''

export const accounts = {
  coordinator: 'coordinator@example.org',
  coordinator2: 'coordinator2@example.org',
  physician: 'physician@example.org',
  physician2: 'physician2@example.org',
  physician3: 'physician3@example.org',
  admin: 'admin@example.org',
} as const

export async function signIn(page: Page, email: string, pass: string = password()) {
  await page.goto('/login')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(pass)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

export async function signInAndWait(page: Page, email: string) {
  await signIn(page, email)
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible()
}

export async function mainNavLinks(page: Page): Promise<string[]> {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts()
}

const QUALIFYING_CRITERIA = [
  'Pain is due to the identified fracture',
  'Fracture confirmed on MRI (edema/STIR) or bone scan at T1–L5',
  'Pain is worsening',
  'Cannot move normally because of the fracture',
  'Bone-density referral documented',
  'Osteoporosis education documented',
]

/** As a physician on a record in evaluation: every criterion met, decided "Candidate". */
export async function decideCandidate(page: Page, procedure: 'vertebroplasty' | 'kyphoplasty') {
  await page.getByRole('button', { name: 'Record decision' }).click()
  for (const item of QUALIFYING_CRITERIA) await page.getByLabel(item).check()
  await page.getByLabel('Pain score (NRS 0–10)').fill('8')
  await page.getByLabel('Decision').selectOption('candidate')
  await page.getByLabel('Planned procedure').selectOption(procedure)
  await page.getByRole('button', { name: 'Save decision' }).click()
}

export interface CapturedAction {
  headers: Record<string, string>
  body: Buffer
}

/**
 * Clicks `submit` on `page` and captures the server-action request it sends, aborting it so
 * it never reaches the server.
 */
export async function captureServerAction(
  page: Page,
  url: string,
  submit: () => Promise<void>,
): Promise<CapturedAction> {
  let captured: CapturedAction | null = null
  await page.route(url, async (route) => {
    if (route.request().method() !== 'POST') return route.continue()
    captured = { headers: route.request().headers(), body: route.request().postDataBuffer()! }
    await route.abort()
  })
  await submit()
  await expect.poll(() => captured).not.toBeNull()
  const action = captured! as CapturedAction
  expect(action.headers['next-action']).toBeTruthy()
  return action
}

/**
 * Replays a captured server action byte for byte with `page`'s session; returns the status.
 * `origin` stands in for the browser's Origin header: null sends neither Origin nor Referer.
 */
export async function replayServerAction(
  page: Page,
  url: string,
  action: CapturedAction,
  origin: string | null = new URL(url).origin,
): Promise<number> {
  const response = await page.request.post(url, {
    headers: {
      'content-type': action.headers['content-type']!,
      'next-action': action.headers['next-action']!,
      accept: 'text/x-component',
      ...(origin === null ? {} : { origin }),
    },
    data: action.body,
  })
  return response.status()
}

export interface StaffMemberInput {
  name: string
  email: string
  role: 'coordinator' | 'physician' | 'admin'
  /** Filled in by addStaffMember: the single-use link shown once to the admin. */
  enrolmentLink?: string
}

/**
 * As an admin: Staff → Add staff member, and wait for the confirmation. Returns the enrolment
 * link shown once (also kept on `member`).
 */
export async function addStaffMember(adminPage: Page, member: StaffMemberInput): Promise<string> {
  await adminPage.goto('/admin/staff')
  const form = adminPage.getByRole('region', { name: 'Add staff member' })
  await form.getByLabel('Name', { exact: true }).fill(member.name)
  await form.getByLabel('Email', { exact: true }).fill(member.email)
  await form.getByLabel('Role', { exact: true }).selectOption(member.role)
  await form.getByRole('button', { name: 'Add staff member' }).click()
  await expect(form.getByRole('status')).toContainText(`Added ${member.name}`, {
    timeout: 20_000,
  })
  const link = form.getByLabel('Enrolment link')
  await expect(link).toHaveValue(/\/enrol\/[A-Za-z0-9_-]{43}$/)
  member.enrolmentLink = await link.inputValue()
  return member.enrolmentLink
}

/** The id at the end of a page's URL (a record or a staff member). */
export function idFromUrl(url: string): string {
  const id = new URL(url).pathname.split('/').pop() ?? ''
  expect(id).toMatch(/^[0-9a-f-]{36}$/)
  return id
}

export interface NewMember extends StaffMemberInput {
  /** What they set with their enrolment link. */
  ownPassword: string
}

export function newMember(role: NewMember['role'] = 'coordinator'): NewMember {
  const suffix = crypto.randomBytes(4).toString('hex')
  return {
    name: `E2E Member ${suffix}`,
    email: `e2e-member-${suffix}@clinic.example`,
    role,
    ownPassword: `quiet river ${suffix} under stone`,
  }
}

/** Opens the member's enrolment link and sets their own password, which signs them in. */
export async function enrol(page: Page, link: string, password: string, confirm = password) {
  await page.goto(link)
  await expect(page.getByRole('heading', { name: 'Set your password' })).toBeVisible()
  await page.getByLabel('New password', { exact: true }).fill(password)
  await page.getByLabel('Confirm new password').fill(confirm)
  await page.getByRole('button', { name: 'Set password' }).click()
}

/** The member's first visit: their enrolment link, their own password, the app. */
export async function firstSignIn(page: Page, member: NewMember) {
  if (!member.enrolmentLink) throw new Error('Add the member first (addStaffMember)')
  await enrol(page, member.enrolmentLink, member.ownPassword)
  // Hashing the new password (argon2) takes a while on a busy machine.
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible({ timeout: 20_000 })
}

export async function changePassword(page: Page, current: string, next: string, confirm = next) {
  await page.getByLabel('Current password').fill(current)
  await page.getByLabel('New password', { exact: true }).fill(next)
  await page.getByLabel('Confirm new password').fill(confirm)
  await page.getByRole('button', { name: 'Change password' }).click()
}

/** What an authenticator app shows for the key, `steps` 30-second steps from now. */
export function appCode(key: string, steps = 0): string {
  const totp = new TOTP({ secret: Secret.fromBase32(key), digits: 6, period: 30 })
  return totp.generate({ timestamp: Date.now() + steps * 30_000 })
}

// ---- The routes of app/ -------------------------------------------------------------------------

const appDir = path.join(__dirname, '..', 'app')

/** `app/(app)/(clinic)/candidates/[id]/page.tsx` → `/candidates/[id]`. */
export function routeOf(file: string): string {
  const segments = file.split('/').slice(1, -1)
  return `/${segments.filter((segment) => !/^\(.*\)$/.test(segment)).join('/')}`
}

/** Every page and route handler of app/, as `page /candidates/[id]` or `route /sign-out`. */
export function discoverRoutes(dir = appDir, found: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) discoverRoutes(full, found)
    else if (/^(page|route)\.(tsx?|jsx?)$/.test(entry.name)) {
      const relative = path.relative(path.join(appDir, '..'), full).split(path.sep).join('/')
      found.push(`${entry.name.startsWith('page') ? 'page' : 'route'} ${routeOf(relative)}`)
    }
  }
  return found
}

/**
 * A datetime-local value on the clinic's clock, `days` from the clinic's today at `time`
 * (hh:mm): what a member in the clinic would type.
 */
export function clinicDateTimeInput(days: number, time: string): string {
  const today = parseISO(calendarDay(new Date(), clinicZone))
  return `${format(addDays(today, days), 'yyyy-MM-dd')}T${time}`
}
