import { format } from 'date-fns'
import { and, eq, sql } from 'drizzle-orm'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { getDb } from '@/db/client'
import {
  auditLog,
  clinicalAccessGrants,
  followUps,
  fractures,
  imagingOrders,
  patientAccessGrants,
  patients,
  procedures,
  type StaffRole,
  type VertebralLevel,
} from '@/db/schema'
import { insertStaff } from '@/db/testing/factories'
import { tableChecksums } from '@/db/testing/snapshot'
import { INVALID_FIELDS_MESSAGE } from '@/lib/action-result'
import { hashPassword } from '@/lib/auth/password'
import { outcomeOf, signInAs } from '@/lib/auth/testing/session'
import { QUALIFYING_FIELDS } from '@/lib/candidacy/testing/qualifying'

// The authorization matrix of every server action (issue 7): each one, called directly as
// each role with a valid payload for real fixture rows, is allowed or refused exactly as
// docs/permissions.md#actions-by-role says, and a refusal changes no row of any table. A new action
// that is not in the table below fails the test.

vi.mock('@/lib/auth', async () => ({
  ...(await import('@/lib/auth/testing/session')).fakeAuthModule,
  // Auth.js's sign-in needs a request; the sign-in action's own logic is what is tested here.
  signIn: async () => undefined,
  renewSession: async () => true,
}))
// next-auth's entry imports next/server, which plain Node cannot resolve; the sign-in action
// needs only its error classes, which live in @auth/core.
vi.mock('next-auth', async () => {
  const { AuthError, CredentialsSignin } = await import('@auth/core/errors')
  return { AuthError, CredentialsSignin }
})
// No Next request store here: revalidation is Next's business, not authorization's.
vi.mock('next/cache', () => ({ revalidatePath: () => {} }))

const actionModules = import.meta.glob<Record<string, unknown>>('/app/**/actions.ts', {
  eager: true,
})

const { createPatient, changeStatus } = await import('@/lib/candidates/mutations')
const { addFracture } = await import('@/lib/fractures/mutations')
const { completeImaging, orderImaging } = await import('@/lib/imaging/mutations')
const { recordDecision } = await import('@/lib/candidacy/mutations')
const { checklistSchema } = await import('@/lib/candidacy/schemas')
const { scheduleProcedure, completeProcedure } = await import('@/lib/procedures/mutations')
const { completeProcedureSchema, procedureFormObject, scheduleProcedureSchema } =
  await import('@/lib/procedures/schemas')
const { patientFieldsSchema } = await import('@/lib/candidates/schemas')
const { startEnrolment } = await import('@/lib/auth/two-factor')
const { totpCode } = await import('@/lib/auth/totp')
const { enrolTwoFactor, nextCode } = await import('@/lib/auth/testing/two-factor')
const { TWO_FACTOR_REQUIRED_MESSAGE } = await import('@/lib/auth/two-factor-account')
const { issueEnrolmentLink } = await import('@/lib/staff/enrolment-links')
const { restrictPatient } = await import('@/lib/candidates/restricted')

type Role = 'anonymous' | StaffRole
const ROLES: readonly Role[] = ['anonymous', 'coordinator', 'physician', 'admin']
const CLINICAL: readonly Role[] = ['coordinator', 'physician']
const PHYSICIAN: readonly Role[] = ['physician']
const ADMIN: readonly Role[] = ['admin']
const STAFF: readonly Role[] = ['coordinator', 'physician', 'admin']

type Member = Awaited<ReturnType<typeof insertStaff>>
type ServerAction = (previous: unknown, formData?: unknown) => Promise<unknown>

interface ActionCase {
  /** Who may call it (docs/permissions.md#actions-by-role); everyone else is refused. */
  allowed: readonly Role[]
  /**
   * Creates the rows this call needs (before the snapshot) and returns a valid form for them;
   * `caller` is who will call (null: anonymous), for actions on one's own account.
   */
  form: (caller: Member | null) => Promise<FormData>
  /** Where a successful call redirects to; without it, success is a result with `ok: true`. */
  redirectsTo?: RegExp
  /** False when a successful call writes nothing here (the sign-in: Auth.js is stubbed). */
  writes?: boolean
  /** A plain form action: no input to validate, nothing returned (success is no error). */
  takesNoInput?: boolean
}

const PASSWORD = 'the current passphrase of this member'
const NEW_PASSWORD = 'a brand new passphrase here'
let passwordHash: string
let fxCoordinator: Member
let fxPhysician: Member
let counter = 0
const unique = () => String(++counter).padStart(6, '0')

const today = () => format(new Date(), 'yyyy-MM-dd')
const daysFromNow = (days: number, time: string) =>
  `${format(new Date(Date.now() + days * 86_400_000), 'yyyy-MM-dd')}T${time}`
// Each booking on a day of its own: one physician's bookings may not overlap.
let bookedDays = 0
const nextBookingSlot = () => daysFromNow(2 + bookedDays++, '10:00')

/** FormData as a browser sends it; an array repeats the field. */
function form(fields: Record<string, string | readonly string[]>): FormData {
  const data = new FormData()
  for (const [key, value] of Object.entries(fields)) {
    for (const item of typeof value === 'string' ? [value] : value) data.append(key, item)
  }
  return data
}

function ok<T>(outcome: { ok: true; data?: T } | { ok: false; message: string }): T {
  if (!outcome.ok) throw new Error(`fixture: ${outcome.message}`)
  return outcome.data as T
}

// ---- Fixture rows, made with the real mutations as the fixture staff -------------------------

const patientFields = () => ({
  mrn: `M${unique()}`,
  firstName: 'Iris',
  lastName: 'Calloway',
  dateOfBirth: '1941-02-03',
  sex: 'female',
  phone: '',
  referralDate: format(new Date(Date.now() - 30 * 86_400_000), 'yyyy-MM-dd'),
  referringPhysician: 'Dr. Outside',
  etiology: 'osteoporotic',
  assignedPhysicianId: fxPhysician.id,
  painOnsetDate: '',
})

const fractureFields = (level: string) => ({
  level,
  heightLossPct: '35',
  mriEdema: 'yes',
  kyphoticAngleDeg: '18',
  diagnosedOn: '',
  morphology: '',
  fractureAgeWeeks: '',
})

async function patientVersion(id: string): Promise<number> {
  const db = await getDb()
  const [row] = await db
    .select({ version: patients.version })
    .from(patients)
    .where(eq(patients.id, id))
  return row!.version
}

async function referredPatient(): Promise<{ id: string; version: number }> {
  signInAs(fxCoordinator)
  const { id } = ok(await createPatient(patientFieldsSchema.parse(patientFields())))!
  return { id, version: await patientVersion(id) }
}

async function fractureOf(patientId: string, level: VertebralLevel) {
  const db = await getDb()
  const [row] = await db
    .select({ id: fractures.id, version: fractures.version })
    .from(fractures)
    .where(and(eq(fractures.patientId, patientId), eq(fractures.level, level)))
  return row!
}

/** In evaluation, with fractures at T12 and L1: ready for a decision. */
async function patientInEvaluation(): Promise<{ id: string; version: number }> {
  const { id } = await referredPatient()
  const fracture = {
    heightLossPct: 35,
    mriEdema: 'yes' as const,
    kyphoticAngleDeg: 18,
    diagnosedOn: null,
    morphology: null,
    fractureAgeWeeks: null,
    posteriorWallInvolved: false,
    retropulsion: false,
  }
  ok(await addFracture(id, { ...fracture, level: 'T12' }))
  ok(await addFracture(id, { ...fracture, level: 'L1' }))
  ok(await changeStatus({ patientId: id, from: 'referred', to: 'evaluation', note: null }))
  return { id, version: await patientVersion(id) }
}

const decisionFields = QUALIFYING_FIELDS

async function candidatePatient(): Promise<{ id: string; version: number }> {
  const { id, version } = await patientInEvaluation()
  signInAs(fxPhysician)
  ok(
    await recordDecision({
      ...checklistSchema.parse(decisionFields),
      patientId: id,
      version,
      decision: 'candidate',
      plannedProcedure: 'kyphoplasty',
      reason: null,
      justification: null,
    }),
  )
  return { id, version: await patientVersion(id) }
}

/** An MRI ordered for a new referral: its order id. */
async function orderedMri(): Promise<string> {
  const patient = await referredPatient()
  ok(await orderImaging({ patientId: patient.id, modality: 'mri', orderedOn: today() }))
  const [order] = await (
    await getDb()
  )
    .select({ id: imagingOrders.id })
    .from(imagingOrders)
    .where(eq(imagingOrders.patientId, patient.id))
  return order!.id
}

const planFields = (scheduledAt: string) => ({
  type: 'kyphoplasty',
  scheduledAt,
  physicianId: fxPhysician.id,
  anesthesia: 'local_sedation',
  approach: 'bipedicular',
  plannedLevels: ['T12', 'L1'],
})

async function procedureRow(patientId: string) {
  const db = await getDb()
  const [row] = await db
    .select({ id: procedures.id, version: procedures.version })
    .from(procedures)
    .where(eq(procedures.patientId, patientId))
  return row!
}

async function scheduledProcedure(): Promise<{ id: string; version: number }> {
  const patient = await candidatePatient()
  signInAs(fxCoordinator)
  const fields = {
    patientId: patient.id,
    version: String(patient.version),
    ...planFields(nextBookingSlot()),
  }
  ok(await scheduleProcedure(scheduleProcedureSchema.parse(procedureFormObject(form(fields)))))
  return procedureRow(patient.id)
}

const completionFields = (procedure: { id: string; version: number }) => ({
  procedureId: procedure.id,
  version: String(procedure.version),
  // Three days ago: the 48-hour follow-up's window (days 1–4) is open today.
  performedAt: daysFromNow(-3, '09:00'),
  disposition: 'same_day',
  overnightReason: '',
  dischargedAt: '',
  'levels.T12.treated': 'on',
  'levels.T12.cementVolumeMl': '4.5',
  'levels.L1.treated': 'on',
  'levels.L1.cementVolumeMl': '5',
})

async function completedProcedure(): Promise<{ id: string }> {
  const procedure = await scheduledProcedure()
  signInAs(fxPhysician)
  const input = completeProcedureSchema.parse(
    procedureFormObject(form(completionFields(procedure))),
  )
  ok(await completeProcedure(input))
  return procedure
}

const ACCESS_REASON = 'Staff member of this clinic, treated here'

/** A record flagged restricted by the fixture coordinator; `manager` (when clinical) holds a grant. */
async function restrictedPatient(manager: Member | null = null): Promise<string> {
  const { id } = await referredPatient()
  ok(await restrictPatient(id, ACCESS_REASON))
  if (manager && manager.role !== 'admin') await grantOf(id, manager.id)
  return id
}

async function grantOf(
  patientId: string,
  staffId: string,
  kind: 'grant' | 'break_glass' = 'grant',
) {
  const [row] = await (
    await getDb()
  )
    .insert(patientAccessGrants)
    .values({
      patientId,
      staffId,
      kind,
      reason: ACCESS_REASON,
      grantedById: fxCoordinator.id,
      expiresAt: kind === 'break_glass' ? new Date(Date.now() + 3_600_000) : null,
    })
    .returning({ id: patientAccessGrants.id })
  return row!.id
}

async function target(overrides: Parameters<typeof insertStaff>[2] = {}) {
  return insertStaff(await getDb(), passwordHash, overrides)
}

/** A new coordinator and the token of their enrolment link. */
async function enrolmentToken(): Promise<string> {
  const member = await target()
  const db = await getDb()
  const path = await db.transaction((tx) =>
    issueEnrolmentLink(tx, member, { id: fxPhysician.id, email: fxPhysician.email }),
  )
  return path.split('/').pop()!
}

/** A "New clinical access" waiting for a physician. */
async function pendingClinicalAccess(): Promise<string> {
  const member = await target()
  const db = await getDb()
  const [grant] = await db
    .insert(clinicalAccessGrants)
    .values({
      staffId: member.id,
      kind: 'created',
      role: 'coordinator',
      grantedByEmail: 'admin@clinic.test',
    })
    .returning({ id: clinicalAccessGrants.id })
  return grant!.id
}

// ---- The table: every server action of the app -----------------------------------------------

const CANDIDATES = 'app/(app)/(clinic)/candidates/actions.ts'
const RECORD = 'app/(app)/(clinic)/candidates/[id]/actions.ts'
const STAFF_ADMIN = 'app/(app)/(admin)/admin/staff/actions.ts'
const TWO_FACTOR = 'app/(app)/account/two-factor/actions.ts'
const ENROL = 'app/enrol/[token]/actions.ts#enrolAction'
const RESTRICTED = 'app/(app)/(clinic)/candidates/[id]/restricted/actions.ts'
const ACCESS_REVIEWS = 'app/(app)/(admin)/admin/access-reviews/actions.ts'
const PATIENT_RECORD = /^\/candidates\/[0-9a-f-]{36}$/

const passwordForm = async () =>
  form({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD })

const matrix: Record<string, ActionCase> = {
  'app/(auth)/login/actions.ts#signInAction': {
    allowed: ROLES,
    form: async () => form({ email: 'someone@clinic.test', password: 'whatever it is' }),
    redirectsTo: /^\/$/,
    writes: false,
  },
  'app/(auth)/login/actions.ts#verifyTwoFactorAction': {
    allowed: ROLES,
    form: async () => form({ code: '123456' }),
    redirectsTo: /^\/$/,
    writes: false,
  },
  // The link's token is the credential: anyone holding it may use it, signed in or not.
  [ENROL]: {
    allowed: ROLES,
    form: async () =>
      form({
        token: await enrolmentToken(),
        newPassword: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }),
    // The enrolled coordinator's home page.
    redirectsTo: /^\/$/,
  },
  'app/(app)/(clinic)/actions.ts#acknowledgeClinicalAccessAction': {
    allowed: PHYSICIAN,
    form: async () => form({ grantId: await pendingClinicalAccess() }),
  },
  'app/change-password/actions.ts#changePasswordAction': {
    allowed: STAFF,
    form: passwordForm,
    // The member's home page.
    redirectsTo: /^\/(admin\/staff)?$/,
  },
  'app/(app)/account/password/actions.ts#changeOwnPasswordAction': {
    allowed: STAFF,
    form: passwordForm,
    redirectsTo: /^\/account\/password\?changed=1$/,
  },

  [`${TWO_FACTOR}#beginTwoFactorSetupAction`]: {
    allowed: STAFF,
    form: async () => form({}),
    takesNoInput: true,
  },
  [`${TWO_FACTOR}#confirmTwoFactorSetupAction`]: {
    allowed: STAFF,
    form: async (member) => {
      if (!member) return form({ code: '123456' })
      const db = await getDb()
      const secret = await db.transaction((tx) => startEnrolment(tx, member.id))
      return form({ code: totpCode(secret!) })
    },
  },
  [`${TWO_FACTOR}#regenerateRecoveryCodesAction`]: {
    allowed: STAFF,
    form: async (member) => {
      if (!member) return form({ code: '123456' })
      return form({ code: nextCode((await enrolTwoFactor(member.id)).secret) })
    },
  },
  [`${TWO_FACTOR}#turnOffTwoFactorAction`]: {
    allowed: STAFF,
    form: async (member) => {
      const code = member ? (await enrolTwoFactor(member.id)).recoveryCodes[0]! : '123456'
      return form({ currentPassword: PASSWORD, code })
    },
  },

  [`${CANDIDATES}#createPatientAction`]: {
    allowed: CLINICAL,
    form: async () => form(patientFields()),
    redirectsTo: PATIENT_RECORD,
  },
  [`${CANDIDATES}#updatePatientAction`]: {
    allowed: CLINICAL,
    redirectsTo: PATIENT_RECORD,
    form: async () => {
      const patient = await referredPatient()
      return form({
        ...patientFields(),
        id: patient.id,
        version: String(patient.version),
        lastName: 'Renamed',
      })
    },
  },

  [`${RECORD}#addFractureAction`]: {
    allowed: CLINICAL,
    form: async () => form({ patientId: (await referredPatient()).id, ...fractureFields('L2') }),
  },
  [`${RECORD}#updateFractureAction`]: {
    allowed: CLINICAL,
    form: async () => {
      const fracture = await fractureOf((await patientInEvaluation()).id, 'L1')
      return form({
        fractureId: fracture.id,
        version: String(fracture.version),
        ...fractureFields('L1'),
        heightLossPct: '40',
      })
    },
  },
  [`${RECORD}#removeFractureAction`]: {
    allowed: CLINICAL,
    form: async () => {
      const fracture = await fractureOf((await patientInEvaluation()).id, 'L1')
      return form({ fractureId: fracture.id, version: String(fracture.version) })
    },
  },
  [`${RECORD}#orderImagingAction`]: {
    allowed: CLINICAL,
    form: async () => form({ patientId: (await referredPatient()).id, modality: 'mri' }),
  },
  [`${RECORD}#completeImagingAction`]: {
    allowed: CLINICAL,
    form: async () =>
      form({ orderId: await orderedMri(), completedOn: '', finding: 'Edema at L1 on STIR' }),
  },
  [`${RECORD}#addImagingFindingAction`]: {
    allowed: CLINICAL,
    form: async () => {
      const orderId = await orderedMri()
      // Done, its report to follow.
      ok(await completeImaging({ orderId, completedOn: today(), finding: null }))
      return form({ orderId, finding: 'Edema at L1 on STIR' })
    },
  },
  [`${RECORD}#recordDecisionAction`]: {
    allowed: PHYSICIAN,
    form: async () => {
      const patient = await patientInEvaluation()
      return form({
        ...decisionFields,
        patientId: patient.id,
        version: String(patient.version),
        decision: 'candidate',
        plannedProcedure: 'vertebroplasty',
        reason: '',
        justification: '',
      })
    },
  },
  [`${RECORD}#changeStatusAction`]: {
    allowed: CLINICAL,
    form: async () =>
      form({ patientId: (await referredPatient()).id, from: 'referred', to: 'evaluation' }),
  },
  [`${RECORD}#scheduleProcedureAction`]: {
    allowed: CLINICAL,
    form: async () => {
      const patient = await candidatePatient()
      return form({
        patientId: patient.id,
        version: String(patient.version),
        ...planFields(nextBookingSlot()),
      })
    },
  },
  [`${RECORD}#rescheduleProcedureAction`]: {
    allowed: CLINICAL,
    form: async () => {
      const procedure = await scheduledProcedure()
      return form({
        procedureId: procedure.id,
        version: String(procedure.version),
        ...planFields(nextBookingSlot()),
      })
    },
  },
  [`${RECORD}#cancelProcedureAction`]: {
    allowed: CLINICAL,
    form: async () => {
      const procedure = await scheduledProcedure()
      return form({
        procedureId: procedure.id,
        version: String(procedure.version),
        cancelReason: 'Patient unwell',
      })
    },
  },
  [`${RECORD}#completeProcedureAction`]: {
    allowed: PHYSICIAN,
    form: async () => form(completionFields(await scheduledProcedure())),
  },
  [`${RECORD}#recordAdverseEventAction`]: {
    allowed: PHYSICIAN,
    form: async () =>
      form({
        procedureId: (await completedProcedure()).id,
        category: 'cement_leakage',
        leakageType: 'S',
        leakageLocation: 'paravertebral',
        detectedOn: today(),
        note: '',
      }),
  },
  [`${RECORD}#amendProcedureAction`]: {
    allowed: PHYSICIAN,
    form: async () => {
      const procedure = await completedProcedure()
      const [row] = await (
        await getDb()
      )
        .select({ version: procedures.version })
        .from(procedures)
        .where(eq(procedures.id, procedure.id))
      return form({
        ...completionFields({ id: procedure.id, version: row!.version }),
        cement: 'PMMA',
        'levels.L1.cementVolumeMl': '5.5',
        reason: 'Volume misread from the syringe',
      })
    },
  },
  [`${RECORD}#recordDispositionAction`]: {
    allowed: CLINICAL,
    form: async () => {
      const procedure = await completedProcedure()
      const db = await getDb()
      const [row] = await db
        .select({ version: procedures.version })
        .from(procedures)
        .where(eq(procedures.id, procedure.id))
      return form({
        procedureId: procedure.id,
        version: String(row!.version),
        disposition: 'overnight',
        overnightReason: 'pain_control',
        dischargedAt: daysFromNow(-2, '10:00'),
      })
    },
  },
  [`${RECORD}#recordFollowUpAction`]: {
    allowed: CLINICAL,
    form: async () => {
      const procedure = await completedProcedure()
      const db = await getDb()
      const [h48] = await db
        .select({ id: followUps.id, version: followUps.version })
        .from(followUps)
        .where(and(eq(followUps.procedureId, procedure.id), eq(followUps.timepoint, 'h48')))
      return form({
        followUpRef: `${h48!.id}:${h48!.version}`,
        assessedOn: today(),
        painNrs: '3',
        odi: '30',
        analgesicUse: 'non_opioid',
        mobility: 'independent',
      })
    },
  },

  [`${RECORD}#restrictRecordAction`]: {
    allowed: CLINICAL,
    form: async () => form({ patientId: (await referredPatient()).id, reason: ACCESS_REASON }),
  },
  [`${RECORD}#unrestrictRecordAction`]: {
    allowed: CLINICAL,
    form: async (member) =>
      form({ patientId: await restrictedPatient(member), reason: ACCESS_REASON }),
  },
  [`${RECORD}#grantAccessAction`]: {
    allowed: CLINICAL,
    form: async (member) =>
      form({
        patientId: await restrictedPatient(member),
        staffId: (await target({ role: 'coordinator' })).id,
        reason: ACCESS_REASON,
      }),
  },
  [`${RECORD}#revokeAccessAction`]: {
    allowed: CLINICAL,
    form: async (member) => {
      const patientId = await restrictedPatient(member)
      return form({ grantId: await grantOf(patientId, (await target({ role: 'coordinator' })).id) })
    },
  },
  [`${RESTRICTED}#breakGlassAction`]: {
    allowed: CLINICAL,
    form: async () =>
      form({ patientId: await restrictedPatient(), reason: 'Covering the emergency call tonight' }),
    redirectsTo: PATIENT_RECORD,
  },
  [`${ACCESS_REVIEWS}#markAccessReviewedAction`]: {
    allowed: ADMIN,
    form: async () => {
      const patientId = await restrictedPatient()
      return form({ grantId: await grantOf(patientId, fxPhysician.id, 'break_glass') })
    },
  },

  [`${STAFF_ADMIN}#addStaffAction`]: {
    allowed: ADMIN,
    form: async () =>
      form({ name: 'New Member', email: `new-${unique()}@clinic.test`, role: 'coordinator' }),
  },
  [`${STAFF_ADMIN}#changeRoleAction`]: {
    allowed: ADMIN,
    form: async () =>
      form({ staffId: (await target()).id, currentRole: 'coordinator', role: 'physician' }),
  },
  [`${STAFF_ADMIN}#resetPasswordAction`]: {
    allowed: ADMIN,
    form: async () => form({ staffId: (await target()).id }),
  },
  [`${STAFF_ADMIN}#unlockStaffAction`]: {
    allowed: ADMIN,
    form: async () => {
      const locked = await target({
        failedLoginCount: 5,
        lockedUntil: new Date(Date.now() + 15 * 60_000),
      })
      return form({ staffId: locked.id })
    },
  },
  [`${STAFF_ADMIN}#deactivateStaffAction`]: {
    allowed: ADMIN,
    form: async () => form({ staffId: (await target()).id }),
  },
  [`${STAFF_ADMIN}#reactivateStaffAction`]: {
    allowed: ADMIN,
    form: async () => form({ staffId: (await target({ active: false })).id }),
  },
  [`${STAFF_ADMIN}#resetTwoFactorAction`]: {
    allowed: ADMIN,
    form: async () => {
      const member = await target()
      await enrolTwoFactor(member.id)
      return form({ staffId: member.id })
    },
  },
}

// ---- Discovery: the table and the app's actions are the same set -------------------------------

const discovered = new Map<string, ServerAction>()
for (const [file, exports] of Object.entries(actionModules)) {
  for (const [name, value] of Object.entries(exports)) {
    discovered.set(`${file.replace(/^\//, '')}#${name}`, value as ServerAction)
  }
}

function actionOf(key: string): ServerAction {
  const action = discovered.get(key)
  if (typeof action !== 'function') throw new Error(`${key} is not an exported server action`)
  return action
}

// ---- The database, before and after ----------------------------------------------------------

/** Every table's row count and a checksum of its rows in primary-key order. */
/**
 * Every table's checksum, but the audit log's without its `access.denied` rows (a refusal of a
 * signed-in member writes one: counted apart, by deniedRows) and without the audit chain's head,
 * which moves with every audit row.
 */
async function snapshot(): Promise<Record<string, string>> {
  const db = await getDb()
  const sums = await tableChecksums(db)
  delete sums['public.audit_chain_head']
  const [row] = (
    (await db.execute(
      sql`select count(*)::int as n, md5(coalesce(string_agg(t::text, E'\n' order by id), '')) as sum
        from audit_log t where action <> 'access.denied'`,
    )) as unknown as { rows: { n: number; sum: string }[] }
  ).rows
  sums['public.audit_log'] = `${row!.n} rows, md5 ${row!.sum}`
  return sums
}

/** The `access.denied` rows written for `member` (none for anonymous callers). */
async function deniedRows(member: Member | null): Promise<number> {
  if (!member) return 0
  const db = await getDb()
  return db.$count(
    auditLog,
    and(eq(auditLog.actorId, member.id), eq(auditLog.action, 'access.denied')),
  )
}

// ---- Calls ------------------------------------------------------------------------------------

const idle = { ok: true }

async function caller(role: Role, overrides: Parameters<typeof insertStaff>[2] = {}) {
  if (role === 'anonymous') return null
  return insertStaff(await getDb(), passwordHash, { role, ...overrides })
}

/** Calls `action` as `member`: what happened ("allowed" or Next's signal) and what it returned. */
async function callAs(member: Member | null, action: ServerAction, ...args: unknown[]) {
  signInAs(member)
  let result: unknown
  const outcome = await outcomeOf(async () => {
    result = await (action as (...a: unknown[]) => Promise<unknown>)(...args)
  })
  return { outcome, result: result as { ok?: boolean; message?: string } | undefined }
}

const refusal = (role: Role) => (role === 'anonymous' ? 'redirect:/login' : 'http:403')

function expectAllowed(
  entry: ActionCase,
  outcome: string,
  result: { ok?: boolean; message?: string } | undefined,
) {
  if (entry.takesNoInput) {
    expect(outcome).toBe('allowed')
  } else if (entry.redirectsTo) {
    expect(outcome, result?.message).toMatch(/^redirect:/)
    expect(outcome.slice('redirect:'.length)).toMatch(entry.redirectsTo)
  } else {
    expect(outcome).toBe('allowed')
    expect(result, result?.message).toMatchObject({ ok: true })
  }
}

const JUNK: [string, unknown][] = [
  ['no argument', undefined],
  ['a string', 'junk'],
  ['a plain object', { staffId: '00000000-0000-4000-8000-000000000000', role: 'admin' }],
  ['an array', [['email', 'a@b.c']]],
]

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD)
  const db = await getDb()
  fxCoordinator = await insertStaff(db, passwordHash, { role: 'coordinator' })
  fxPhysician = await insertStaff(db, passwordHash, { role: 'physician' })
})

describe('the matrix lists every server action of the app', () => {
  it('finds the actions, and each one is in the table', () => {
    expect(discovered.size).toBeGreaterThan(0)
    expect([...discovered.keys()].filter((key) => !(key in matrix))).toEqual([])
  })

  it('lists no action that does not exist', () => {
    expect(Object.keys(matrix).filter((key) => !discovered.has(key))).toEqual([])
  })
})

for (const [key, entry] of Object.entries(matrix)) {
  describe(key, () => {
    for (const role of ROLES) {
      const allowed = entry.allowed.includes(role)
      it(`${role}: ${allowed ? 'allowed' : 'refused, and no row changes'}`, async () => {
        const member = await caller(role)
        const payload = await entry.form(member)
        const before = await snapshot()
        const deniedBefore = await deniedRows(member)
        const { outcome, result } = await callAs(member, actionOf(key), idle, payload)
        const after = await snapshot()
        const denied = (await deniedRows(member)) - deniedBefore
        if (allowed) {
          expectAllowed(entry, outcome, result)
          // The payload was real: the call wrote what it is for.
          if (entry.writes !== false) expect(after).not.toEqual(before)
          expect(denied).toBe(0)
        } else {
          expect(outcome).toBe(refusal(role))
          expect(after).toEqual(before)
          // A signed-in member's refusal is on record, once; an anonymous caller is sent to sign in.
          expect(denied).toBe(role === 'anonymous' ? 0 : 1)
        }
      })
    }

    // Authorization comes before reading the input: a refused caller learns nothing from it.
    for (const role of ROLES.filter((r) => !entry.allowed.includes(r))) {
      it(`${role}: refused before its (non-form) input is read`, async () => {
        const member = await caller(role)
        for (const [, junk] of JUNK) {
          expect((await callAs(member, actionOf(key), idle, junk)).outcome).toBe(refusal(role))
        }
        // Four refusals in a row within the minute: one row, not a flood.
        expect(await deniedRows(member)).toBe(role === 'anonymous' ? 0 : 1)
      })
    }

    const role = entry.allowed[0]!
    if (entry.takesNoInput) return
    it(`${role}: arguments that are not a form are invalid input, never a crash`, async () => {
      const member = await caller(role)
      const before = await snapshot()
      for (const [label, junk] of JUNK) {
        const { outcome, result } = await callAs(member, actionOf(key), idle, junk)
        expect(outcome, label).toBe('allowed')
        expect(result, label).toMatchObject({ ok: false, message: INVALID_FIELDS_MESSAGE })
        expect(
          Object.keys((result as { fieldErrors?: object }).fieldErrors ?? {}),
          label,
        ).not.toHaveLength(0)
      }
      expect(await snapshot()).toEqual(before)
    })
  })
}

describe('a member who must change their password reaches only that change', () => {
  const open = new Set([
    'app/(auth)/login/actions.ts#signInAction',
    'app/(auth)/login/actions.ts#verifyTwoFactorAction',
    ENROL,
    'app/change-password/actions.ts#changePasswordAction',
  ])
  for (const role of STAFF) {
    it(`${role}: every other action sends them to /change-password, and changes no row`, async () => {
      for (const [key, entry] of Object.entries(matrix)) {
        const member = await caller(role, { mustChangePassword: true })
        const payload = await entry.form(member)
        const before = await snapshot()
        const { outcome, result } = await callAs(member, actionOf(key), idle, payload)
        if (open.has(key)) {
          expectAllowed(entry, outcome, result)
        } else {
          expect(outcome, key).toBe('redirect:/change-password')
          expect(await snapshot(), key).toEqual(before)
        }
      }
    })
  }
})

describe('an admin without two-factor sign-in, where the server requires it, reaches only its setup', () => {
  const open = new Set([
    'app/(auth)/login/actions.ts#signInAction',
    'app/(auth)/login/actions.ts#verifyTwoFactorAction',
    ENROL,
    'app/change-password/actions.ts#changePasswordAction',
    ...Object.keys(matrix).filter((key) => key.startsWith(TWO_FACTOR)),
  ])
  afterEach(() => {
    process.env.AUGMENT_REQUIRE_2FA = 'off'
  })

  it('admin: every other action sends them to /account/two-factor, and changes no row', async () => {
    process.env.AUGMENT_REQUIRE_2FA = 'admins'
    for (const [key, entry] of Object.entries(matrix)) {
      if (!entry.allowed.includes('admin')) continue
      const member = await caller('admin')
      const payload = await entry.form(member)
      const before = await snapshot()
      const { outcome, result } = await callAs(member, actionOf(key), idle, payload)
      if (key === `${TWO_FACTOR}#turnOffTwoFactorAction`) {
        // Reached, and refused: where it is required, an admin cannot turn it off.
        expect(result).toMatchObject({ ok: false, message: TWO_FACTOR_REQUIRED_MESSAGE })
        expect(await snapshot(), key).toEqual(before)
      } else if (open.has(key)) {
        expectAllowed(entry, outcome, result)
      } else {
        expect(outcome, key).toBe('redirect:/account/two-factor')
        expect(await snapshot(), key).toEqual(before)
      }
    }
  })

  it('admin with two-factor on, and the other roles, carry on as before', async () => {
    process.env.AUGMENT_REQUIRE_2FA = 'admins'
    const admin = await caller('admin')
    await enrolTwoFactor(admin!.id)
    const addStaff = matrix[`${STAFF_ADMIN}#addStaffAction`]!
    const added = await callAs(
      admin,
      actionOf(`${STAFF_ADMIN}#addStaffAction`),
      idle,
      await addStaff.form(admin),
    )
    expectAllowed(addStaff, added.outcome, added.result)
    const coordinator = await caller('coordinator')
    const create = matrix[`${CANDIDATES}#createPatientAction`]!
    const created = await callAs(
      coordinator,
      actionOf(`${CANDIDATES}#createPatientAction`),
      idle,
      await create.form(coordinator),
    )
    expectAllowed(create, created.outcome, created.result)
  })
})

describe('AUGMENT_REQUIRE_2FA=all (the default outside demo mode): every role enrols first', () => {
  const open = new Set([
    'app/(auth)/login/actions.ts#signInAction',
    'app/(auth)/login/actions.ts#verifyTwoFactorAction',
    'app/change-password/actions.ts#changePasswordAction',
    ENROL,
    ...Object.keys(matrix).filter((key) => key.startsWith(TWO_FACTOR)),
  ])
  afterEach(() => {
    process.env.AUGMENT_REQUIRE_2FA = 'off'
  })

  for (const role of STAFF) {
    it(`${role} without two-factor: every other action sends them to /account/two-factor, and changes no row`, async () => {
      for (const [key, entry] of Object.entries(matrix)) {
        if (!entry.allowed.includes(role)) continue
        // The fixtures are made by staff past enrolment; the call is the test.
        process.env.AUGMENT_REQUIRE_2FA = 'off'
        const member = await caller(role)
        const payload = await entry.form(member)
        const before = await snapshot()
        // Unset, outside demo mode, means `all`.
        delete process.env.AUGMENT_REQUIRE_2FA
        const { outcome, result } = await callAs(member, actionOf(key), idle, payload)
        if (key === `${TWO_FACTOR}#turnOffTwoFactorAction`) {
          expect(result).toMatchObject({ ok: false, message: TWO_FACTOR_REQUIRED_MESSAGE })
          expect(await snapshot(), key).toEqual(before)
        } else if (open.has(key)) {
          expectAllowed(entry, outcome, result)
        } else {
          expect(outcome, key).toBe('redirect:/account/two-factor')
          expect(await snapshot(), key).toEqual(before)
        }
      }
    })
  }

  it('with two-factor on, a coordinator and a physician carry on as before', async () => {
    for (const [role, key] of [
      ['coordinator', `${CANDIDATES}#createPatientAction`],
      ['physician', 'app/(app)/(clinic)/actions.ts#acknowledgeClinicalAccessAction'],
    ] as const) {
      const member = await caller(role)
      await enrolTwoFactor(member!.id)
      const entry = matrix[key]!
      process.env.AUGMENT_REQUIRE_2FA = 'all'
      const { outcome, result } = await callAs(
        member,
        actionOf(key),
        idle,
        await entry.form(member),
      )
      expectAllowed(entry, outcome, result)
    }
  })

  it('admins: only admins enrol first; off: nobody does', async () => {
    const key = `${CANDIDATES}#createPatientAction`
    const entry = matrix[key]!
    process.env.AUGMENT_REQUIRE_2FA = 'admins'
    const coordinator = await caller('coordinator')
    const asAdmins = await callAs(coordinator, actionOf(key), idle, await entry.form(coordinator))
    expectAllowed(entry, asAdmins.outcome, asAdmins.result)
    process.env.AUGMENT_REQUIRE_2FA = 'off'
    const admin = await caller('admin')
    const addStaff = `${STAFF_ADMIN}#addStaffAction`
    const asOff = await callAs(admin, actionOf(addStaff), idle, await matrix[addStaff]!.form(admin))
    expectAllowed(matrix[addStaff]!, asOff.outcome, asOff.result)
  })
})
