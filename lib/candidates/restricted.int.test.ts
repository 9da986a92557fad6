import { addDays, formatISO, subDays } from 'date-fns'
import { and, eq } from 'drizzle-orm'
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import {
  auditLog,
  followUps,
  imagingOrders,
  patientAccessGrants,
  patients,
  procedures,
  type NewPatient,
} from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'
import { candidateListParams } from './list-params'
import { breakGlassSchema } from './restricted-schema'
import { procedureListParams } from '@/lib/procedures/list-params'

vi.mock('@/lib/auth', async () => (await import('@/lib/auth/testing/session')).fakeAuthModule)
const { restrictPatient, unrestrictPatient, grantAccess, revokeAccess, breakGlass } =
  await import('./restricted')
const { listCandidates } = await import('./list')
const { exportCandidatesCsv } = await import('./export')
const { overviewWorklists } = await import('@/lib/overview/worklists')
const { visiblePatientsByStatus } = await import('@/lib/overview/status-counts')
const { getPatientRecord, getPatientForEdit } = await import('./record')
const { listProcedures } = await import('@/lib/procedures/list')
const { addFracture } = await import('@/lib/fractures/mutations')
const { listPendingAccessReviews, markAccessReviewed } =
  await import('@/lib/access-reviews/reviews')
const { loadOutcomesDashboard } = await import('@/lib/outcomes/dashboard')

type Member = Awaited<ReturnType<typeof insertStaff>>
let flagger: Member, unrelated: Member, granted: Member, assigned: Member, admin: Member
let restrictedId: string, openId: string

const RESTRICTED_MRN = 'RSTR000001'
const RESTRICTED_NAME = 'Quillfeather'
const REASON = 'Staff member of this clinic, treated here'
const isoDate = (date: Date) => formatISO(date, { representation: 'date' })
const list = (q?: string) => listCandidates(candidateListParams.parse({ q, size: 100 }))
const upcoming = () => listProcedures(procedureListParams.parse({ view: 'upcoming', size: 100 }))

async function csv() {
  const stream = await exportCandidatesCsv(candidateListParams.parse({}))
  return new Response(stream).text()
}

/** Everything a member's lists, search, worklists and export show of the restricted patient. */
async function sightings() {
  const [all, search, worklists, procedureList, exported, byStatus] = await Promise.all([
    list(),
    list('quill'),
    overviewWorklists(),
    upcoming(),
    csv(),
    visiblePatientsByStatus(),
  ])
  // Totals agree with what is shown (every list here fits on one page).
  expect(all.total).toBe(all.rows.length)
  expect(search.total).toBe(search.rows.length)
  expect(procedureList.total).toBe(procedureList.rows.length)
  expect(byStatus.total).toBe(all.total)
  expect(exported.trim().split('\r\n').length - 1).toBe(all.total)
  // Every card (the clinic's scope: no physician's own day).
  expect(worklists.myDay).toBeNull()
  for (const card of Object.values(worklists)) {
    if (card && 'entries' in card) expect(card.total).toBe(card.entries.length)
  }
  return {
    list: all.rows.some((row) => row.id === restrictedId),
    search: search.rows.some((row) => row.id === restrictedId),
    awaitingDecision: worklists.awaitingDecision.entries.some((e) => e.id === restrictedId),
    imagingPending: worklists.imagingPending.entries.some((e) => e.id === restrictedId),
    scheduledThisWeek: worklists.scheduledThisWeek.entries.some((e) => e.id === restrictedId),
    followUpsDue: worklists.followUpsDue.entries.some((e) => e.id === restrictedId),
    procedures: procedureList.rows.some((row) => row.patientId === restrictedId),
    export: exported.includes(RESTRICTED_MRN),
  }
}
const everywhere = {
  list: true,
  search: true,
  awaitingDecision: true,
  imagingPending: true,
  scheduledThisWeek: true,
  followUpsDue: true,
  procedures: true,
  export: true,
}
const nowhere = Object.fromEntries(Object.keys(everywhere).map((key) => [key, false]))

async function auditActions(actorId: string, patientId: string) {
  const rows = await (
    await getDb()
  )
    .select({ action: auditLog.action, details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.actorId, actorId), eq(auditLog.entityId, patientId)))
    .orderBy(auditLog.id)
  return rows
}

beforeAll(async () => {
  const db = await getDb()
  flagger = await insertStaff(db, 'unused', { role: 'coordinator' })
  unrelated = await insertStaff(db, 'unused', { role: 'coordinator' })
  granted = await insertStaff(db, 'unused', { role: 'coordinator' })
  assigned = await insertStaff(db, 'unused', { role: 'physician' })
  admin = await insertStaff(db, 'unused', { role: 'admin' })
  const patient = (mrn: string, lastName: string): NewPatient => ({
    mrn,
    firstName: 'Ada',
    lastName,
    dateOfBirth: '1950-03-04',
    sex: 'female',
    referralDate: '2026-10-01',
    referringPhysician: 'Dr. Outside',
    assignedPhysicianId: assigned.id,
    etiology: 'osteoporotic',
    status: 'evaluation',
  })
  const [restricted, open] = await db
    .insert(patients)
    .values([patient(RESTRICTED_MRN, RESTRICTED_NAME), patient('OPEN000001', 'Quill')])
    .returning({ id: patients.id })
  restrictedId = restricted!.id
  openId = open!.id
  const now = new Date()
  for (const id of [restrictedId, openId]) {
    await db
      .insert(imagingOrders)
      .values({ patientId: id, modality: 'mri', orderedOn: isoDate(subDays(now, 2)) })
    const procedure = {
      patientId: id,
      type: 'kyphoplasty' as const,
      physicianId: assigned.id,
      anesthesia: 'local_sedation' as const,
      approach: 'bipedicular' as const,
      plannedLevels: ['L1' as const],
      disposition: 'same_day' as const,
    }
    const [, completed] = await db
      .insert(procedures)
      .values([
        { ...procedure, status: 'scheduled' as const, scheduledAt: addDays(now, 2) },
        {
          ...procedure,
          status: 'completed' as const,
          scheduledAt: subDays(now, 30),
          performedAt: subDays(now, 30),
        },
      ])
      .returning({ id: procedures.id })
    await db.insert(followUps).values({
      patientId: id,
      procedureId: completed!.id,
      timepoint: 'm1',
      dueOn: isoDate(now),
      windowStart: isoDate(subDays(now, 7)),
      windowEnd: isoDate(addDays(now, 14)),
    })
  }
})
beforeEach(() => signInAs(flagger))

describe('restricted records', () => {
  it('are shown everywhere until flagged; then hidden from an unrelated coordinator only', async () => {
    signInAs(unrelated)
    expect(await sightings()).toEqual(everywhere)
    const outcomesBefore = await loadOutcomesDashboard({})

    signInAs(flagger)
    expect(await restrictPatient(restrictedId, REASON)).toEqual({
      ok: true,
      data: { patientId: restrictedId },
    })
    expect((await auditActions(flagger.id, restrictedId)).at(-1)).toEqual({
      action: 'patient.restricted',
      details: { changeId: expect.any(String), reasonGiven: true, reasonLength: REASON.length },
    })

    signInAs(unrelated)
    expect(await sightings()).toEqual(nowhere)
    // The unrestricted namesake is still found: only the restricted record is hidden.
    expect((await list('quill')).rows.map((row) => row.id)).toEqual([openId])
    // Outcome charts are aggregates: they still count the restricted patient.
    expect(await loadOutcomesDashboard({})).toEqual(outcomesBefore)

    for (const member of [assigned, flagger]) {
      signInAs(member)
      expect(await sightings()).toEqual(everywhere)
    }
  })

  it('refuses an unrelated member the record (audited as refused, never as opened) and its writes', async () => {
    signInAs(unrelated)
    const path = `redirect:/candidates/${restrictedId}/restricted`
    expect(await outcomeOf(() => getPatientRecord(restrictedId))).toBe(path)
    expect(await outcomeOf(() => getPatientForEdit(restrictedId))).toBe(path)
    const fracture = {
      level: 'L2' as const,
      heightLossPct: 30,
      mriEdema: 'yes' as const,
      kyphoticAngleDeg: null,
      diagnosedOn: null,
      morphology: null,
      fractureAgeWeeks: null,
      posteriorWallInvolved: false,
      retropulsion: false,
    }
    expect(await outcomeOf(() => addFracture(restrictedId, fracture))).toBe('http:403')
    const actions = (await auditActions(unrelated.id, restrictedId)).map((row) => row.action)
    expect(actions).toContain('record.restricted_refused')
    expect(actions).not.toContain('patient.view')
    // Nor may they manage access or lift the restriction.
    expect(await outcomeOf(() => unrestrictPatient(restrictedId, REASON))).toBe('http:403')
    expect(
      await outcomeOf(() =>
        grantAccess({ patientId: restrictedId, staffId: unrelated.id, reason: REASON }),
      ),
    ).toBe('http:403')
  })

  it('opens to a member granted access, until the grant is revoked', async () => {
    signInAs(assigned)
    expect(
      await grantAccess({ patientId: restrictedId, staffId: granted.id, reason: REASON }),
    ).toMatchObject({ ok: true })
    signInAs(granted)
    expect(await sightings()).toEqual(everywhere)
    expect((await getPatientRecord(restrictedId)).patient.mrn).toBe(RESTRICTED_MRN)

    signInAs(assigned)
    const [grant] = await (
      await getDb()
    )
      .select({ id: patientAccessGrants.id })
      .from(patientAccessGrants)
      .where(
        and(
          eq(patientAccessGrants.patientId, restrictedId),
          eq(patientAccessGrants.staffId, granted.id),
        ),
      )
    expect(await revokeAccess(grant!.id)).toMatchObject({ ok: true })
    signInAs(granted)
    expect(await sightings()).toEqual(nowhere)
    expect((await auditActions(assigned.id, restrictedId)).map((row) => row.action)).toEqual([
      'patient.access_granted',
      'patient.access_revoked',
    ])
  })

  it('break the glass: 60 minutes of access with a reason, audited, then hidden again', async () => {
    signInAs(unrelated)
    expect(await breakGlass(restrictedId, 'Covering the emergency call tonight for Dr. A')).toEqual(
      { ok: true, data: { patientId: restrictedId } },
    )
    const record = await getPatientRecord(restrictedId)
    expect(record.access.kind).toBe('break_glass')
    expect(record.patient.mrn).toBe(RESTRICTED_MRN)
    expect(await sightings()).toEqual(everywhere)
    // A break-glass access cannot extend itself into a standing grant.
    expect(
      await outcomeOf(() =>
        grantAccess({ patientId: restrictedId, staffId: unrelated.id, reason: REASON }),
      ),
    ).toBe('http:403')

    const db = await getDb()
    const [access] = await db
      .select()
      .from(patientAccessGrants)
      .where(
        and(
          eq(patientAccessGrants.patientId, restrictedId),
          eq(patientAccessGrants.staffId, unrelated.id),
        ),
      )
    const minutes = (access!.expiresAt!.getTime() - access!.grantedAt.getTime()) / 60_000
    expect(minutes).toBe(60)
    const audited = await auditActions(unrelated.id, restrictedId)
    expect(audited.map((row) => row.action)).toContain('record.break_glass')
    expect(audited.find((row) => row.action === 'patient.view')?.details).toEqual({
      breakGlass: true,
    })

    // Sixty minutes later (the expiry moved into the past): hidden again.
    await db
      .update(patientAccessGrants)
      .set({ expiresAt: subDays(new Date(), 1) })
      .where(eq(patientAccessGrants.id, access!.id))
    expect(await sightings()).toEqual(nowhere)
    expect(await outcomeOf(() => getPatientRecord(restrictedId))).toBe(
      `redirect:/candidates/${restrictedId}/restricted`,
    )
  })

  it('lists break-glass events for admins only, without PHI, until an admin marks them reviewed', async () => {
    for (const member of [unrelated, assigned]) {
      signInAs(member)
      expect(await outcomeOf(() => listPendingAccessReviews())).toBe('http:403')
    }
    signInAs(admin)
    const pending = await listPendingAccessReviews()
    expect(pending).toHaveLength(1)
    const [event] = pending
    expect(event).toMatchObject({
      memberName: unrelated.name,
      patientId: restrictedId,
      reason: 'Covering the emergency call tonight for Dr. A',
    })
    expect(JSON.stringify(pending)).not.toMatch(new RegExp(`${RESTRICTED_MRN}|${RESTRICTED_NAME}`))

    signInAs(unrelated)
    expect(await outcomeOf(() => markAccessReviewed(event!.id))).toBe('http:403')
    signInAs(admin)
    expect(await markAccessReviewed(event!.id)).toEqual({ ok: true, data: undefined })
    expect(await listPendingAccessReviews()).toEqual([])
    expect(await markAccessReviewed(event!.id)).toMatchObject({ ok: false })
    const [audited] = await (
      await getDb()
    )
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.actorId, admin.id), eq(auditLog.entityId, event!.id)))
    expect(audited?.action).toBe('record.break_glass_reviewed')
  })

  it('the assigned physician lifts the restriction: visible to everyone again', async () => {
    signInAs(assigned)
    expect(
      await unrestrictPatient(restrictedId, 'Patient asked for the flag to be removed'),
    ).toMatchObject({
      ok: true,
    })
    signInAs(unrelated)
    expect(await sightings()).toEqual(everywhere)
  })
})

describe('the break-glass reason', () => {
  const parse = (reason: string) =>
    breakGlassSchema.safeParse({ patientId: '00000000-0000-4000-8000-000000000000', reason })
  it('must be plain words of some length', () => {
    expect(parse('Covering the emergency call tonight').success).toBe(true)
    expect(parse('because').success).toBe(false)
    expect(parse('aaaaaaaaaaaaaaaaaaaaaaaaaaaa').success).toBe(false)
    expect(parse('Covering the call tonight\u0000 for a colleague').success).toBe(false)
    expect(parse('Covering the call <script>alert(1)</script>').success).toBe(false)
  })

  it('is a shared safe text field: line breaks allowed, hidden characters named as such', () => {
    const messages = (reason: unknown) =>
      breakGlassSchema
        .safeParse({ patientId: '00000000-0000-4000-8000-000000000000', reason })
        .error?.issues.map((issue) => issue.message)
    expect(parse('Covering the emergency call\r\ntonight for a colleague').success).toBe(true)
    expect(messages('Covering the call tonight\u0000 for a colleague')).toEqual([
      'Remove the invisible control characters from this text',
    ])
    expect(messages('Covering the call tonight \u202Efor a colleague')).toEqual([
      'Remove the hidden text-direction characters from this text',
    ])
    expect(messages(undefined)).toEqual(['Give a reason of at least 20 characters'])
    // The minimum-words rule is unchanged.
    expect(messages('aaaaaaaaaaaaaaaaaaaaaaaaaaaa')).toEqual([
      'Say in a few words why you need this record',
    ])
  })
})
