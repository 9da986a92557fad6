import { expect, test, type Browser, type Page } from '@playwright/test'
import { formatDate, toDateTimeInput } from '../lib/clinic-time'
import { clinicZone } from './playwright-base'
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
    // Then their own day: today's bookings (to the calendar) and their overdue follow-ups.
    await expect(
      physician
        .getByRole('region', { name: 'My procedures today' })
        .getByRole('link', { name: 'My day on the calendar' }),
    ).toHaveAttribute('href', /^\/procedures\/calendar\?physician=/)
    await expect(
      physician.getByRole('region', { name: 'My overdue follow-ups' }).getByText(/in all$/),
    ).toBeVisible()
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
    // 07:00, before the seeded clinic's bookings (08:00–18:00) start: no overlap with them.
    const tomorrowAtSeven = clinicDateTimeInput(1, '07:00')
    await page.getByLabel('Scheduled at').fill(tomorrowAtSeven)
    await page.getByLabel('Anesthesia').selectOption('local_sedation')
    await page.getByLabel('Approach').selectOption('bipedicular')
    await page.getByRole('checkbox', { name: 'L1' }).check()
    await page.getByRole('button', { name: 'Save procedure' }).click()
    await expect(page.getByTestId('patient-status')).toHaveText('Scheduled')
    await expect(
      page.getByText(`scheduled ${formatDate(tomorrowAtSeven.slice(0, 10))}, 07:00`),
    ).toBeVisible()
    await page.getByRole('button', { name: 'Reschedule' }).click()
    await expect(page.getByLabel('Scheduled at')).toHaveValue(tomorrowAtSeven)
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
    await page.getByLabel('Scheduled at').fill(clinicDateTimeInput(1, '07:30'))
    await page.getByLabel('Physician', { exact: true }).selectOption({ label: 'Dr. Maya Okafor' })
    await page.getByLabel('Anesthesia').selectOption('local_sedation')
    await page.getByLabel('Approach').selectOption('bipedicular')
    await page.getByRole('group', { name: 'Levels' }).getByRole('checkbox').first().check()
    await page.getByRole('button', { name: 'Save procedure' }).click()
    await expect(
      page.getByText(
        new RegExp(
          `Dr\\. Maya Okafor is already booked with Procedure, Opal \\(${mrn}\\), .*07:00–08:00`,
        ),
      ),
    ).toBeVisible()
    await expect(page.getByLabel(/^Double-book/)).not.toBeChecked()
    await expect(page.getByTestId('patient-status')).toHaveText('Candidate')

    // The physician's day on the calendar: the booking at its time, a link to the record.
    const tomorrow = clinicDateTimeInput(1, '07:00').slice(0, 10)
    await page.goto(`/procedures/calendar?date=${tomorrow}`)
    await page.getByLabel('Physician').selectOption({ label: 'Dr. Maya Okafor' })
    await page.getByRole('button', { name: 'Show' }).click()
    await expect(page).toHaveURL(new RegExp(`date=${tomorrow}.*physician=`))
    const day = page.getByRole('list', { name: `Bookings on ${formatDate(tomorrow)}` })
    const booking = day.getByRole('link', { name: /^07:00–08:00 Procedure, Opal Kyphoplasty L1/ })
    await booking.focus()
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL(recordUrl)
  })

  test('a procedure done before it was booked waits under "Needs completion", its time kept', async ({
    browser,
  }) => {
    const coordinator = await as(browser, accounts.coordinator)
    // Another seeded candidate (the first is the one the test above tried to book).
    await coordinator.goto('/candidates?status=candidate')
    await coordinator.getByRole('table').getByRole('link').nth(1).click()
    await expect(coordinator).toHaveURL(/\/candidates\/[0-9a-f-]{36}$/)
    const name = await coordinator.getByRole('heading', { level: 1 }).textContent()
    const record = coordinator.url()
    await coordinator.getByRole('button', { name: 'Schedule procedure' }).click()
    await coordinator.getByLabel('Procedure type').selectOption('vertebroplasty')
    // Yesterday at 07:00, before the seeded clinic's day: a time that has passed.
    const yesterdayAtSeven = clinicDateTimeInput(-1, '07:00')
    await coordinator.getByLabel('Scheduled at').fill(yesterdayAtSeven)
    await coordinator.getByLabel('Anesthesia').selectOption('local_sedation')
    await coordinator.getByLabel('Approach').selectOption('unipedicular')
    await coordinator.getByRole('group', { name: 'Levels' }).getByRole('checkbox').first().check()
    await coordinator.getByRole('button', { name: 'Save procedure' }).click()
    await expect(coordinator.getByLabel('Scheduled at')).toHaveAccessibleDescription(
      /^This time has passed: .*tick "Already performed"/,
    )
    await coordinator.getByLabel(/^Already performed/).check()
    // After a refusal the level boxes start again from the saved plan (none yet).
    await coordinator.getByRole('group', { name: 'Levels' }).getByRole('checkbox').first().check()
    await coordinator.getByRole('button', { name: 'Save procedure' }).click()
    await expect(coordinator.getByTestId('patient-status')).toHaveText('Scheduled')
    await expect(
      coordinator.getByText(`scheduled ${formatDate(yesterdayAtSeven.slice(0, 10))}, 07:00–08:00`),
    ).toBeVisible()

    // Nothing gets lost: it waits for its completion on the Overview and in its view.
    await coordinator.goto('/')
    await coordinator
      .getByRole('region', { name: 'Needs completion' })
      .getByRole('link', { name: 'All procedures needing completion' })
      .click()
    await expect(coordinator).toHaveURL(/view=needs_completion/)
    // The latest first: the seeded clinic leaves no booking in the past, the e2e tests a few.
    await coordinator.goto('/procedures?view=needs_completion&sort=scheduled&dir=desc')
    const [firstName, ...lastNames] = name!.split(' ')
    await expect(
      coordinator.getByRole('link', { name: `${lastNames.join(' ')}, ${firstName}` }),
    ).toBeVisible()

    // The physician's completion form starts from the time it was done.
    const physician = await as(browser, accounts.physician)
    await physician.goto(record)
    await expect(physician.getByLabel('Performed at')).toHaveValue(yesterdayAtSeven)
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
  test('the decision form starts from the record and explains an unticked first criterion; the baseline starts from its scores', async ({
    page,
  }) => {
    const baselineMrn = `B${Date.now().toString().slice(-9)}`
    await signInAndWait(page, accounts.physician)
    await page.goto('/candidates/new')
    await page.getByLabel('MRN').fill(baselineMrn)
    await page.getByLabel('First name').fill('Bea')
    await page.getByLabel('Last name').fill('Baseline')
    await page.getByLabel('Date of birth').fill('1940-02-02')
    await page.getByLabel('Sex').selectOption('female')
    await page.getByLabel('Referring physician').fill('Dr. Outside')
    await page.getByLabel('Etiology').selectOption('osteoporotic')
    await page.getByLabel('Assigned physician').selectOption({ label: 'Dr. Maya Okafor' })
    await page.getByRole('button', { name: 'Save candidate' }).click()
    await expect(page.getByRole('heading', { level: 1, name: 'Bea Baseline' })).toBeVisible()
    await page.getByRole('button', { name: 'Add fracture' }).click()
    await page.getByLabel('Level').selectOption('L1')
    await page.getByLabel('Height loss (%)').fill('38')
    await page.getByLabel('MRI edema').selectOption('yes')
    await page.getByRole('button', { name: 'Save fracture' }).click()
    await expect(page.getByText('Genant 2')).toBeVisible()
    await page.getByRole('button', { name: 'Order imaging' }).click()
    await page.getByLabel('Modality').selectOption('mri')
    await page.getByRole('button', { name: 'Save order' }).click()
    await page.getByRole('button', { name: 'Mark completed' }).click()
    await expect(page.getByTestId('patient-status')).toHaveText('Evaluation')

    // A completed MRI and edema on the fracture: imaging confirmed is ticked already.
    await page.getByRole('button', { name: 'Record decision' }).click()
    await expect(
      page.getByLabel('Fracture confirmed on MRI (edema/STIR) or bone scan at T1–L5'),
    ).toBeChecked()
    await expect(
      page.getByRole('region', { name: 'From the record' }).getByText('Edema on MRI at L1'),
    ).toBeVisible()
    // Saved with the pain score, the planned procedure and the first criterion left out: every
    // problem is told at once, each next to its field.
    await page.getByLabel('ODI (0–100)').fill('46')
    await page.getByLabel('Decision').selectOption('candidate')
    await page.getByRole('button', { name: 'Save decision' }).click()
    await expect(page.getByLabel('Pain score (NRS 0–10)')).toHaveAccessibleDescription(
      'Enter the pain score (NRS)',
    )
    await expect(page.getByLabel('Planned procedure')).toHaveAccessibleDescription(
      'Choose the planned procedure',
    )
    // Next to the Decision field, in plain words: what to tick, or what to record instead.
    await expect(page.getByLabel('Decision', { exact: true })).toHaveAccessibleDescription(
      /tick "Pain is due to the identified fracture" under Criteria/,
    )
    await page.getByLabel('Pain score (NRS 0–10)').fill('8')
    await page.getByLabel('Planned procedure').selectOption('kyphoplasty')
    for (const item of [
      'Pain is due to the identified fracture',
      'Pain is worsening',
      'Cannot move normally because of the fracture',
      'Bone-density referral documented',
      'Osteoporosis education documented',
    ]) {
      await page.getByLabel(item).check()
    }
    await page.getByRole('button', { name: 'Save decision' }).click()
    await expect(page.getByTestId('patient-status')).toHaveText('Candidate')

    // Booked for tomorrow at 06:00 and done today: the baseline window is open.
    await page.getByRole('button', { name: 'Schedule procedure' }).click()
    await page.getByLabel('Scheduled at').fill(clinicDateTimeInput(1, '06:00'))
    await page.getByLabel('Anesthesia').selectOption('local_sedation')
    await page.getByLabel('Approach').selectOption('bipedicular')
    await page.getByRole('button', { name: 'Save procedure' }).click()
    await expect(page.getByTestId('patient-status')).toHaveText('Scheduled')
    await page
      .getByLabel('Performed at')
      .fill(toDateTimeInput(new Date(Date.now() - 2 * 60_000), clinicZone))
    await page.getByLabel('Cement (mL) L1').fill('4')
    await page.getByLabel('Disposition').selectOption('same_day')
    await page.getByRole('button', { name: 'Complete procedure' }).click()
    await expect(page.getByTestId('patient-status')).toHaveText('Treated')
    await page.getByRole('button', { name: 'Record follow-up' }).click()
    await expect(page.getByLabel('Timepoint')).toHaveValue(/.+/)
    await expect(page.getByLabel('Timepoint').locator('option:checked')).toHaveText('Baseline')
    await expect(page.getByLabel('Pain score (0–10)')).toHaveValue('8')
    await expect(page.getByLabel('ODI (0–100)')).toHaveValue('46')
  })
})
