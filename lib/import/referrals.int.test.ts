import { count, eq, inArray, sql } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import { auditLog, patients, patientStatusEvents } from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import type { SessionClaims } from '@/lib/auth/config'
import { REFERRAL_COLUMNS } from './columns'
import type { ImportOutcome, ImportProgress } from './protocol'

// Only the session cookie is faked (what the JWT says); every check behind it reads the real
// database, as in lib/auth/session.int.test.ts.
const currentClaims = vi.hoisted(() => ({ value: null as SessionClaims | null }))
vi.mock('@/lib/auth', () => ({
  auth: async () => (currentClaims.value ? { claims: currentClaims.value } : null),
  requestAddress: async () => '203.0.113.9',
}))

const { importReferrals } = await import('./referrals')

type Member = Awaited<ReturnType<typeof insertStaff>>
let coordinator: Member
let physician: Member
let retiredPhysician: Member
let admin: Member

function signInAs(member: Member | null) {
  currentClaims.value = member && {
    staffId: member.id,
    role: member.role,
    sessionVersion: member.sessionVersion,
    authTime: Math.floor(Date.now() / 1000),
  }
}

/** What Next's redirect()/forbidden() threw, as "redirect:/path" or "http:403". */
async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run()
    return 'allowed'
  } catch (error) {
    const digest = String((error as { digest?: string }).digest ?? '')
    if (digest.startsWith('NEXT_REDIRECT')) return `redirect:${digest.split(';')[2]}`
    if (digest.startsWith('NEXT_HTTP_ERROR_FALLBACK')) return `http:${digest.split(';')[1]}`
    throw error
  }
}

let mrnCounter = 0
/** MRNs unique across the file's tests, which share one database. */
const freshMrns = (n: number) =>
  Array.from({ length: n }, () => `IMP${String(++mrnCounter).padStart(6, '0')}`)

type Row = Record<(typeof REFERRAL_COLUMNS)[number]['name'], string>
function referralsCsv(
  mrns: string[],
  change: (row: Row, index: number) => Partial<Row> = () => ({}),
) {
  const rows = mrns.map((mrn, index) => {
    const row: Row = {
      mrn,
      first_name: 'Ada',
      last_name: `Lovelace ${index}`,
      date_of_birth: '1948-03-14',
      sex: 'female',
      phone: '',
      referral_date: '2025-10-06',
      referring_physician: 'Dr. Babbage',
      etiology: 'osteoporotic',
      assigned_physician_email: physician.email,
      pain_onset_date: '2025-09-20',
    }
    return { ...row, ...change(row, index) }
  })
  const header = REFERRAL_COLUMNS.map((column) => column.name)
  return [header, ...rows.map((row) => header.map((name) => row[name]))]
    .map((cells) => cells.join(','))
    .join('\r\n')
}

async function patientCount(): Promise<number> {
  const [row] = await (await getDb()).select({ n: count() }).from(patients)
  return row!.n
}

async function importAuditRows() {
  return (await getDb()).select().from(auditLog).where(eq(auditLog.action, 'patient.import'))
}

beforeAll(async () => {
  const db = await getDb()
  coordinator = await insertStaff(db, 'unused-hash', { role: 'coordinator' })
  physician = await insertStaff(db, 'unused-hash', { role: 'physician' })
  retiredPhysician = await insertStaff(db, 'unused-hash', { role: 'physician', active: false })
  admin = await insertStaff(db, 'unused-hash', { role: 'admin' })
})

beforeEach(() => signInAs(null))

describe('importReferrals', () => {
  it('imports every row of a valid file as referred, with status events and audit rows', async () => {
    signInAs(coordinator)
    const db = await getDb()
    const mrns = freshMrns(2_500)
    const before = await patientCount()
    const progress: ImportProgress[] = []

    const result = await importReferrals(
      { fileName: 'referrals-october.csv', text: referralsCsv(mrns) },
      (event) => {
        progress.push(event)
      },
    )

    expect(result).toEqual({ phase: 'done', imported: 2_500 })
    expect(await patientCount()).toBe(before + 2_500)
    const stored = await db
      .select({ id: patients.id, status: patients.status, physician: patients.assignedPhysicianId })
      .from(patients)
      .where(inArray(patients.mrn, mrns))
    expect(stored).toHaveLength(2_500)
    expect(new Set(stored.map((row) => row.status))).toEqual(new Set(['referred']))
    expect(new Set(stored.map((row) => row.physician))).toEqual(new Set([physician.id]))

    const ids = stored.map((row) => row.id)
    const events = await db
      .select({ n: count() })
      .from(patientStatusEvents)
      .where(
        sql`${inArray(patientStatusEvents.patientId, ids)}
          and ${patientStatusEvents.toStatus} = 'referred'
          and ${patientStatusEvents.fromStatus} is null
          and ${patientStatusEvents.actorId} = ${coordinator.id}
          and ${patientStatusEvents.note} = 'Imported from CSV'`,
      )
    expect(events[0]!.n).toBe(2_500)
    const [created] = await db
      .select({ n: count() })
      .from(auditLog)
      .where(
        sql`${auditLog.action} = 'patient.created' and ${auditLog.details}->>'source' = 'import'
          and ${inArray(auditLog.entityId, ids)}`,
      )
    expect(created!.n).toBe(2_500)
    const imports = await importAuditRows()
    expect(imports).toHaveLength(1)
    expect(imports[0]).toMatchObject({
      actorId: coordinator.id,
      actorEmail: coordinator.email,
      entityType: 'patient',
      entityId: null,
      ipAddress: '203.0.113.9',
      details: { rows: 2_500, fileName: 'referrals-october.csv' },
    })

    // Progress moves through each phase in order and ends with every row written.
    const phases = progress.map((event) => event.phase).filter((p, i, all) => p !== all[i - 1])
    expect(phases).toEqual(['reading', 'validating', 'checking', 'writing'])
    expect(progress.at(-1)).toEqual({ phase: 'writing', done: 2_500, total: 2_500 })
  })

  it('writes nothing when one row among many is bad, and names its line and column', async () => {
    signInAs(physician)
    const mrns = freshMrns(300)
    const before = await patientCount()
    const auditsBefore = (await importAuditRows()).length

    const result = await importReferrals({
      fileName: 'one-bad-row.csv',
      text: referralsCsv(mrns, (_, index) => (index === 149 ? { sex: 'F.' } : {})),
    })

    expect(result).toEqual({
      phase: 'failed',
      message: '1 error found: nothing was imported. Correct the file and import it again.',
      errors: [{ line: 151, column: 'sex', message: 'Use one of: female, male, other, unknown' }],
      errorCount: 1,
    })
    expect(await patientCount()).toBe(before)
    expect((await importAuditRows()).length).toBe(auditsBefore)
  })

  it('reports every error, listing the first 200 in file order with the total', async () => {
    signInAs(coordinator)
    const mrns = freshMrns(250)
    const result = await importReferrals({
      fileName: 'all-bad.csv',
      text: referralsCsv(mrns, () => ({ etiology: '', assigned_physician_email: 'x@y.z' })),
    })
    if (result.phase !== 'failed') throw new Error('expected a refusal')
    expect(result.errorCount).toBe(500)
    expect(result.errors).toHaveLength(200)
    expect(result.errors.slice(0, 3)).toEqual([
      { line: 2, column: 'etiology', message: expect.stringMatching(/^Use one of/) },
      {
        line: 2,
        column: 'assigned_physician_email',
        message: 'No active physician has this email',
      },
      { line: 3, column: 'etiology', message: expect.stringMatching(/^Use one of/) },
    ])
  })

  it('reports MRNs already stored, on rows with other errors too, and leaves them untouched', async () => {
    signInAs(coordinator)
    const db = await getDb()
    const [storedA, storedB, ...others] = freshMrns(5) as [string, string, ...string[]]
    expect(
      await importReferrals({ fileName: 'first.csv', text: referralsCsv([storedA, storedB]) }),
    ).toEqual({ phase: 'done', imported: 2 })
    const storedBefore = await db
      .select()
      .from(patients)
      .where(inArray(patients.mrn, [storedA, storedB]))
    const before = await patientCount()

    const result = await importReferrals({
      fileName: 'second.csv',
      // Lower case in the file: the MRN is compared as stored, upper-cased.
      text: referralsCsv(
        [others[0]!, storedA.toLowerCase(), others[1]!, storedB, others[2]!],
        (row) => ({ first_name: 'Changed', ...(row.mrn === storedB ? { sex: '?' } : {}) }),
      ),
    })

    expect(result).toMatchObject({
      phase: 'failed',
      errors: [
        { line: 3, column: 'mrn', message: `A patient with MRN ${storedA} already exists` },
        { line: 5, column: 'mrn', message: `A patient with MRN ${storedB} already exists` },
        { line: 5, column: 'sex', message: 'Use one of: female, male, other, unknown' },
      ],
      errorCount: 3,
    })
    expect(await patientCount()).toBe(before)
    const storedAfter = await db
      .select()
      .from(patients)
      .where(inArray(patients.mrn, [storedA, storedB]))
    expect(storedAfter).toEqual(storedBefore)
  })

  it('refuses an inactive physician, on the email column', async () => {
    signInAs(coordinator)
    const result = await importReferrals({
      fileName: 'retired.csv',
      text: referralsCsv(freshMrns(2), (_, index) =>
        index === 1 ? { assigned_physician_email: retiredPhysician.email.toUpperCase() } : {},
      ),
    })
    expect(result).toMatchObject({
      phase: 'failed',
      errors: [
        {
          line: 3,
          column: 'assigned_physician_email',
          message: 'No active physician has this email',
        },
      ],
    })
  })

  it('rolls everything back when another user stores one of the MRNs during the import', async () => {
    signInAs(coordinator)
    const db = await getDb()
    const mrns = freshMrns(1_500)
    const racedMrn = mrns[1_200]!
    const before = await patientCount()

    const result: ImportOutcome = await importReferrals(
      { fileName: 'raced.csv', text: referralsCsv(mrns) },
      async (event) => {
        // After the stored-MRN check passed, before the transaction opens.
        if (event.phase === 'writing' && event.done === 0) {
          await db.insert(patients).values({
            mrn: racedMrn,
            firstName: 'Someone',
            lastName: 'Else',
            dateOfBirth: '1950-01-01',
            sex: 'male',
            referralDate: '2025-10-01',
            referringPhysician: 'Dr. Other',
            assignedPhysicianId: physician.id,
            etiology: 'traumatic',
          })
        }
      },
    )

    expect(result).toEqual({
      phase: 'failed',
      message:
        'Someone else added a patient with one of these MRNs while the file was importing: nothing was imported.',
      errors: [
        {
          line: 1_202,
          column: 'mrn',
          message: `A patient with MRN ${racedMrn} was added while the file was importing`,
        },
      ],
      errorCount: 1,
    })
    // Only the other user's patient: the 1,000 rows written before the clash rolled back.
    expect(await patientCount()).toBe(before + 1)
    const [raced] = await db.select().from(patients).where(eq(patients.mrn, racedMrn))
    expect(raced?.firstName).toBe('Someone')
  })

  it('is refused to admins and anonymous visitors, before anything is written', async () => {
    const before = await patientCount()
    const upload = { fileName: 'refused.csv', text: referralsCsv(freshMrns(3)) }
    signInAs(admin)
    expect(await outcome(() => importReferrals(upload))).toBe('http:403')
    signInAs(null)
    expect(await outcome(() => importReferrals(upload))).toBe('redirect:/login')
    expect(await patientCount()).toBe(before)
  })
})
