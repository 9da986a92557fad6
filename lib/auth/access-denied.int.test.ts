import { and, asc, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import { auditLog } from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { hashPassword } from '@/lib/auth/password'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'

// Finding 5 of issue 14: a refused request of a signed-in member writes one `access.denied`
// row (who, what, which route, from where); a refused read of a record is not "Opened the
// record"; repeats within a minute are not logged again; anonymous visitors are sent to sign in.

vi.mock('@/lib/auth', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)
// What proxy.ts stamps on the request: the method and path.
const request = { route: null as string | null, actionId: null as string | null }
vi.mock('next/headers', () => ({
  headers: async () => {
    const list = new Headers()
    if (request.route) list.set('x-augment-route', request.route)
    if (request.actionId) list.set('next-action', request.actionId)
    return list
  },
}))

const { getPatientRecord, getPatientForEdit } = await import('@/lib/candidates/record')
const { createPatient } = await import('@/lib/candidates/mutations')
const { listAuditLog } = await import('@/lib/audit-log/list')
const { auditLogParams } = await import('@/lib/audit-log/params')

type Member = Awaited<ReturnType<typeof insertStaff>>
let admin: Member, coordinator: Member, physician: Member
let patientId: string

async function rowsOf(member: Member, action: string) {
  return (await getDb())
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.actorId, member.id), eq(auditLog.action, action)))
    .orderBy(asc(auditLog.id))
}

beforeAll(async () => {
  const db = await getDb()
  const hash = await hashPassword('a long enough passphrase for tests')
  admin = await insertStaff(db, hash, { role: 'admin' })
  coordinator = await insertStaff(db, hash, { role: 'coordinator' })
  physician = await insertStaff(db, hash, { role: 'physician' })
  signInAs(coordinator)
  const created = await createPatient({
    mrn: 'AD000001',
    firstName: 'Hazel',
    lastName: 'Winters',
    dateOfBirth: '1944-05-06',
    sex: 'female',
    phone: null,
    referralDate: '2026-11-01',
    referringPhysician: 'Dr. Outside',
    etiology: 'osteoporotic',
    assignedPhysicianId: physician.id,
    painOnsetDate: null,
  })
  if (!created.ok) throw new Error(created.message)
  patientId = created.data.id
})

describe('a refused request', () => {
  it('an admin opening a patient record: one access.denied row on the patient, no "Opened the record"', async () => {
    request.route = `GET /candidates/${patientId}`
    signInAs(admin)
    expect(await outcomeOf(() => getPatientRecord(patientId))).toBe('http:403')
    // The edit form of the same record, in the same minute: refused, not logged twice.
    request.route = `GET /candidates/${patientId}`
    expect(await outcomeOf(() => getPatientForEdit(patientId))).toBe('http:403')
    const denied = await rowsOf(admin, 'access.denied')
    expect(denied).toHaveLength(1)
    expect(denied[0]).toMatchObject({
      actorEmail: admin.email,
      entityType: 'patient',
      entityId: patientId,
      ipAddress: '203.0.113.7',
      details: {
        route: `GET /candidates/${patientId}`,
        role: 'admin',
        allowedRoles: ['coordinator', 'physician'],
      },
    })
    expect(await rowsOf(admin, 'patient.view')).toHaveLength(0)
  })

  it('a coordinator reaching an admin page or server action: one row each, by route', async () => {
    signInAs(coordinator)
    request.route = 'GET /admin/audit'
    const params = auditLogParams.parse({})
    expect(await outcomeOf(() => listAuditLog(params))).toBe('http:403')
    expect(await outcomeOf(() => listAuditLog(params))).toBe('http:403')
    request.route = 'POST /admin/staff'
    request.actionId = '7f00aa11bb22cc33dd44ee55ff66'
    expect(await outcomeOf(() => listAuditLog(params))).toBe('http:403')
    request.actionId = null
    const denied = await rowsOf(coordinator, 'access.denied')
    expect(denied.map((row) => [row.entityType, row.entityId, row.details?.route])).toEqual([
      ['page', '/admin/audit', 'GET /admin/audit'],
      ['action', '7f00aa11bb22cc33dd44ee55ff66', 'POST /admin/staff'],
    ])
  })

  it('an allowed read writes no access.denied row; anonymous visitors are sent to sign in', async () => {
    signInAs(physician)
    request.route = `GET /candidates/${patientId}`
    expect(await outcomeOf(() => getPatientRecord(patientId))).toBe('allowed')
    expect(await rowsOf(physician, 'access.denied')).toHaveLength(0)
    expect(await rowsOf(physician, 'patient.view')).toHaveLength(1)
    signInAs(null)
    const before = await (await getDb()).$count(auditLog)
    expect(await outcomeOf(() => getPatientRecord(patientId))).toBe('redirect:/login')
    expect(await (await getDb()).$count(auditLog)).toBe(before)
  })
})
