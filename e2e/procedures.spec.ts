import { expect, test, type Browser, type Page } from '@playwright/test'
import { formatDate } from '../lib/clinic-time'
import {
  accounts,
  captureServerAction,
  clinicDateTimeInput,
  decideCandidate,
  replayServerAction,
  signInAndWait,
} from './support'

const mrn = `F${Date.now().toString().slice(-9)}`
let recordUrl = ''

/** The "N in all" count of an Overview worklist. */
async function worklistTotal(page: Page, title: string): Promise<number> {
  await page.goto('/')
  const text = await page
    .getByRole('region', { name: title })
    .getByText(/in all$/)
    .innerText()
  return Number(text.replace(/[^0-9]/g, ''))
}

async function as(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext()).newPage()
  await signInAndWait(page, email)
  return page
}

test.describe.serial('procedure pathway', () => {
  test('a candidate is prepared: patient, fracture, evaluation, decision', async ({ browser }) => {
    const coordinator = await as(browser, accounts.coordinator)
    await coordinator.goto('/candidates/new')
    await coordinator.getByLabel('MRN').fill(mrn)
    await coordinator.getByLabel('First name').fill('Opal')
    await coordinator.getByLabel('Last name').fill('Procedure')
    await coordinator.getByLabel('Date of birth').fill('1943-09-12')
    await coordinator.getByLabel('Sex').selectOption('female')
    await coordinator.getByLabel('Referring physician').fill('Dr. Outside')
    await coordinator.getByLabel('Etiology').selectOption('osteoporotic')
    await coordinator.getByLabel('Assigned physician').selectOption({ label: 'Dr. Maya Okafor' })
    await coordinator.getByRole('button', { name: 'Save candidate' }).click()
    await expect(
      coordinator.getByRole('heading', { level: 1, name: 'Opal Procedure' }),
    ).toBeVisible()
    recordUrl = coordinator.url()
    await coordinator.getByRole('button', { name: 'Add fracture' }).click()
    await coordinator.getByLabel('Level').selectOption('L1')
    await coordinator.getByLabel('Height loss (%)').fill('38')
    await coordinator.getByLabel('MRI edema').selectOption('yes')
    await coordinator.getByRole('button', { name: 'Save fracture' }).click()
    await expect(coordinator.getByText('Genant 2')).toBeVisible()
    await coordinator.getByLabel('Move to').selectOption('evaluation')
    await coordinator.getByRole('button', { name: 'Change status' }).click()
    await expect(coordinator.getByTestId('patient-status')).toHaveText('Evaluation')

    // The assigned physician finds the new patient from their Overview ("Mine" by default).
    const physician = await as(browser, accounts.physician)
    await physician.goto('/')
    const awaiting = physician.getByRole('region', { name: 'Awaiting my decision' })
    await expect(awaiting.getByText(/in all$/)).toBeVisible()
    await awaiting.getByRole('link', { name: 'All patients in evaluation' }).click()
    await expect(physician).toHaveURL(/status=evaluation&physician=/)
    // Their patients in evaluation, this one among them (found by its MRN).
    await physician.goto(`${physician.url()}&q=${mrn}`)
    await physician.getByRole('link', { name: 'Procedure, Opal' }).click()
    await expect(physician).toHaveURL(recordUrl)
    await decideCandidate(physician, 'kyphoplasty')
    await expect(physician.getByTestId('patient-status')).toHaveText('Candidate')
  })

  test('a coordinator schedules the procedure and sees it on the Overview', async ({ page }) => {
    await signInAndWait(page, accounts.coordinator)
    const scheduledBefore = await worklistTotal(page, 'Scheduled this week')
    await page.goto(recordUrl)
    await page.getByRole('button', { name: 'Schedule procedure' }).click()
    await expect(page.getByLabel('Procedure type')).toHaveValue('kyphoplasty')
    // Typed on the clinic's clock (Pacific/Auckland) in a browser in Denver: read back as typed.
    const tomorrowAtNine = clinicDateTimeInput(1, '09:00')
    await page.getByLabel('Scheduled at').fill(tomorrowAtNine)
    await page.getByLabel('Anesthesia').selectOption('local_sedation')
    await page.getByLabel('Approach').selectOption('bipedicular')
    await page.getByRole('checkbox', { name: 'L1' }).check()
    await page.getByRole('button', { name: 'Save procedure' }).click()
    await expect(page.getByTestId('patient-status')).toHaveText('Scheduled')
    await expect(
      page.getByText(`scheduled ${formatDate(tomorrowAtNine.slice(0, 10))}, 09:00`),
    ).toBeVisible()
    await page.getByRole('button', { name: 'Reschedule' }).click()
    await expect(page.getByLabel('Scheduled at')).toHaveValue(tomorrowAtNine)
    // Coordinators do not complete procedures.
    await expect(page.getByRole('button', { name: 'Complete procedure' })).toHaveCount(0)
    expect(await worklistTotal(page, 'Scheduled this week')).toBe(scheduledBefore + 1)
  })

  test('a second booking over the first for the same physician is refused, naming the patient', async ({
    page,
  }) => {
    await signInAndWait(page, accounts.coordinator)
    // Another candidate, from the seeded clinic.
    await page.goto('/candidates?status=candidate')
    await page.getByRole('table').getByRole('link').first().click()
    await page.getByRole('button', { name: 'Schedule procedure' }).click()
    await page.getByLabel('Procedure type').selectOption('vertebroplasty')
    await page.getByLabel('Scheduled at').fill(clinicDateTimeInput(1, '09:30'))
    await page.getByLabel('Physician', { exact: true }).selectOption({ label: 'Dr. Maya Okafor' })
    await page.getByLabel('Anesthesia').selectOption('local_sedation')
    await page.getByLabel('Approach').selectOption('bipedicular')
    await page.getByRole('group', { name: 'Levels' }).getByRole('checkbox').first().check()
    await page.getByRole('button', { name: 'Save procedure' }).click()
    await expect(
      page.getByText(
        new RegExp(
          `Dr\\. Maya Okafor is already booked with Procedure, Opal \\(${mrn}\\), .*09:00–10:00`,
        ),
      ),
    ).toBeVisible()
    await expect(page.getByLabel(/^Double-book/)).not.toBeChecked()
    await expect(page.getByTestId('patient-status')).toHaveText('Candidate')

    // The physician's day on the calendar: the booking at its time, a link to the record.
    const tomorrow = clinicDateTimeInput(1, '09:00').slice(0, 10)
    await page.goto(`/procedures/calendar?date=${tomorrow}`)
    await page.getByLabel('Physician').selectOption({ label: 'Dr. Maya Okafor' })
    await page.getByRole('button', { name: 'Show' }).click()
    await expect(page).toHaveURL(new RegExp(`date=${tomorrow}.*physician=`))
    const day = page.getByRole('list', { name: `Bookings on ${formatDate(tomorrow)}` })
    const booking = day.getByRole('link', { name: /^09:00–10:00 Procedure, Opal Kyphoplasty L1/ })
    await booking.focus()
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL(recordUrl)
  })

  test('the completion action replayed by a coordinator is refused on the server', async ({
    browser,
  }) => {
    const physician = await as(browser, accounts.physician)
    await physician.goto(recordUrl)
    await physician.getByLabel('Cement (mL) L1').fill('4')
    await physician.getByLabel('Disposition').selectOption('same_day')
    const action = await captureServerAction(physician, recordUrl, () =>
      physician.getByRole('button', { name: 'Complete procedure' }).click(),
    )

    const coordinator = await as(browser, accounts.coordinator)
    expect(await replayServerAction(coordinator, recordUrl, action)).toBe(403)
    await coordinator.goto(recordUrl)
    await expect(coordinator.getByTestId('patient-status')).toHaveText('Scheduled')
  })

  test('a physician completes it with overnight observation, which needs a reason', async ({
    page,
  }) => {
    await signInAndWait(page, accounts.physician)
    await page.goto(recordUrl)
    // Performed three days ago, so the 48-hour follow-up window is open today.
    await page.getByLabel('Performed at').fill(clinicDateTimeInput(-3, '09:30'))
    await page.getByLabel('Cement (mL) L1').fill('5.5')
    await page.getByLabel('Angle before (°) L1').fill('20')
    await page.getByLabel('Angle after (°) L1').fill('14')
    await expect(page.getByText('CPT: 22514')).toBeVisible()
    await page.getByLabel('Disposition').selectOption('overnight')
    await page.getByRole('button', { name: 'Complete procedure' }).click()
    await expect(page.getByText('Overnight observation needs a reason')).toBeVisible()
    await page.getByLabel('Overnight reason').selectOption('pain_control')
    await page.getByRole('button', { name: 'Complete procedure' }).click()
    await expect(page.getByTestId('patient-status')).toHaveText('Treated')
    await expect(page.getByText('Overnight observation (Pain control)')).toBeVisible()
    await expect(page.getByRole('cell', { name: '48 hours' })).toBeVisible()
  })

  test('the coordinator records the discharge next morning from "Overnight tonight"', async ({
    page,
  }) => {
    await signInAndWait(page, accounts.coordinator)
    const ward = page.getByRole('region', { name: 'Overnight tonight' })
    const stay = ward.getByRole('listitem').filter({ hasText: 'Procedure, Opal' })
    await expect(stay).toBeVisible()
    // Performed three days ago at 09:30; discharged the next morning at 08:15 (clinic time).
    await stay.getByLabel('Discharged at').fill(clinicDateTimeInput(-2, '08:15'))
    await stay.getByRole('button', { name: 'Discharged' }).click()
    await expect(ward.getByText('Procedure, Opal')).toHaveCount(0)
    await page.goto(recordUrl)
    await expect(
      page.getByText(
        new RegExp(
          `discharged ${formatDate(clinicDateTimeInput(-2, '').slice(0, 10))}, 08:15 · stay 2[1-3] h 45 min`,
        ),
      ),
    ).toBeVisible()
  })

  test('a physician amends the cement volume with a reason; the record keeps both values', async ({
    page,
  }) => {
    await signInAndWait(page, accounts.physician)
    await page.goto(recordUrl)
    await page.getByRole('button', { name: 'Amend procedure' }).click()
    await page.getByLabel('Cement (mL) L1').fill('6')
    await page.getByRole('button', { name: 'Save amendment' }).click()
    await expect(page.getByText('Give the reason for the amendment')).toBeVisible()
    await page.getByLabel('Reason for the amendment').fill('Volume misread from the syringe')
    await page.getByRole('button', { name: 'Save amendment' }).click()
    const amendments = page.getByRole('list', { name: 'Amendments' })
    await expect(amendments).toContainText('L1 cement volume (mL) 5.5 → 6')
    await expect(amendments).toContainText('Reason: Volume misread from the syringe')
    await expect(page.getByRole('cell', { name: '6', exact: true }).first()).toBeVisible()
    await expect(
      page
        .getByRole('listitem')
        .filter({ hasText: 'Procedure amended' })
        .filter({ hasText: 'Changed: L1 cement volume (mL)' }),
    ).toBeVisible()
  })

  test('a coordinator records the 48-hour follow-up and the worklist updates', async ({ page }) => {
    await signInAndWait(page, accounts.coordinator)
    const dueBefore = await worklistTotal(page, 'Follow-ups due')
    await page.goto(recordUrl)
    await expect(
      page.getByRole('row', { name: /48 hours/ }).getByRole('cell', { name: 'Overdue' }),
    ).toBeVisible()
    await page.getByRole('button', { name: 'Record follow-up' }).click()
    await page.getByLabel('Timepoint').selectOption({ label: '48 hours' })
    await page.getByLabel('Pain score (0–10)').fill('3')
    await page.getByLabel('ODI (0–100)').fill('28')
    await page.getByLabel('Analgesic use').selectOption('non_opioid')
    await page.getByLabel('Mobility').selectOption('independent')
    await page.getByRole('button', { name: 'Save follow-up' }).click()
    await expect(page.getByTestId('patient-status')).toHaveText('Follow-up')
    const h48 = page.getByRole('row', { name: /48 hours/ })
    await expect(h48.getByRole('cell', { name: 'Done' })).toBeVisible()
    // The 48-hour assessment no longer waits (the 7-day one, due in four days, still does).
    expect(await worklistTotal(page, 'Follow-ups due')).toBe(dueBefore - 1)
    await page.goto(`/candidates?q=${mrn}`)
    await expect(page.locator('tbody tr').first()).toContainText('Overnight observation')
  })
})
