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
