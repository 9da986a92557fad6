import { expect, type Page } from '@playwright/test'

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
