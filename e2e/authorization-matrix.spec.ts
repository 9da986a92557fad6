import fs from 'node:fs'
import path from 'node:path'
import {
  expect,
  test,
  type APIRequestContext,
  type APIResponse,
  type BrowserContext,
} from '@playwright/test'
import {
  accounts,
  addStaffMember,
  discoverRoutes,
  firstSignIn,
  newMember,
  routeOf,
  signInAndWait,
} from './support'
import { testDistDir } from './playwright-base'

// The authorization matrix over HTTP (issue 7): every page and route handler of app/, and every
// server action in the build's manifest, requested as anonymous and as each role. Allowed ones
// answer, refused ones get 403, anonymous visitors are sent to /login. A page, route handler
// or action that is not in the tables below fails the suite: add it with its expected answers.
//
// The shared demo accounts are never signed out here: POST /sign-out ends EVERY session of the
// member (its session version moves on), which would break other specs signed in as the same
// account meanwhile. It is requested signed-in only as a coordinator and a physician this spec
// adds for the purpose. Not as an admin: adding one would break staff-admin.spec, which needs
// admin@ to be the only active admin (the handler does not look at the role).

type Role = 'anonymous' | 'coordinator' | 'physician' | 'admin'
const ROLES: readonly Role[] = ['anonymous', 'coordinator', 'physician', 'admin']
type SignedInRole = Exclude<Role, 'anonymous'>
const SIGNED_IN: readonly SignedInRole[] = ['coordinator', 'physician', 'admin']

const INVALID_FIELDS = 'Please correct the highlighted fields.'

// ---- Expected answers ---------------------------------------------------------------------------

/** A status, or a redirect: the status and where it points (path, and the query if given). */
type Answer = number | { status: number; to: string }
/** A cell not requested with a shared account, and why. */
type NotSent = { notSent: string }

const OK = 200
const FORBIDDEN = 403
/** The proxy's redirect of anonymous visitors (with a callbackUrl, except from /). */
const TO_LOGIN: Answer = { status: 307, to: '/login' }
const to = (where: string): Answer => ({ status: 307, to: where })
const ENDS_SESSIONS: NotSent = {
  notSent: 'ends every session of the shared account (covered with added members below)',
}
const ENDS_ADMIN_SESSIONS: NotSent = {
  notSent: 'ends every session of the shared admin, and no other admin may be added',
}

const clinical = (allowed: Answer = OK): Record<Role, Answer> => ({
  anonymous: TO_LOGIN,
  coordinator: allowed,
  physician: allowed,
  admin: FORBIDDEN,
})
const adminOnly = (allowed: Answer = OK): Record<Role, Answer> => ({
  anonymous: TO_LOGIN,
  coordinator: FORBIDDEN,
  physician: FORBIDDEN,
  admin: allowed,
})
const everyone = (answer: Answer): Record<Role, Answer> => ({
  anonymous: answer,
  coordinator: answer,
  physician: answer,
  admin: answer,
})

interface Ids {
  patient: string
  staff: string
  outcomeTable: string
  /** The referrals template's header row: an upload with no rows imports nothing. */
  csvHeader: string
}

interface RouteRequest {
  kind: 'page' | 'route'
  /** The route as it is in app/, groups left out: `/candidates/[id]`. */
  route: string
  method: 'GET' | 'POST'
  url: (ids: Ids) => string
  /** Sent as the Origin header; the app's own origin when not given, `null` for none. */
  origin?: string | null
  multipart?: (
    ids: Ids,
  ) => Record<string, string | { name: string; mimeType: string; buffer: Buffer }>
  expect: Record<Role, Answer | NotSent>
  note?: string
}

const page = (route: string, expected: Record<Role, Answer>, url?: (ids: Ids) => string) =>
  ({ kind: 'page', route, method: 'GET', url: url ?? (() => route), expect: expected }) as const

const ROUTES: RouteRequest[] = [
  // Pages.
  page('/login', {
    anonymous: OK,
    coordinator: to('/'),
    physician: to('/'),
    admin: to('/admin/staff'),
  }),
  // Open to anyone: the token is the credential. An unknown one shows that the link is closed.
  page('/enrol/[token]', everyone(OK), () => `/enrol/${'A'.repeat(43)}`),
  page('/change-password', {
    anonymous: TO_LOGIN,
    // Only a member who must change their password stays; the others go to the account page.
    coordinator: to('/account/password'),
    physician: to('/account/password'),
    admin: to('/account/password'),
  }),
  page('/account/password', { ...everyone(OK), anonymous: TO_LOGIN }),
  page('/account/two-factor', { ...everyone(OK), anonymous: TO_LOGIN }),
  // The code step: without the password step's cookie, back to the password.
  page('/login/two-factor', {
    anonymous: to('/login'),
    coordinator: to('/'),
    physician: to('/'),
    admin: to('/admin/staff'),
  }),
  // An admin's home is the staff list.
  page('/', { ...clinical(), admin: to('/admin/staff') }),
  page('/candidates', clinical()),
  page('/candidates/new', clinical()),
  page('/candidates/import', clinical()),
  page('/candidates/[id]', clinical(), (ids) => `/candidates/${ids.patient}`),
  page('/candidates/[id]/edit', clinical(), (ids) => `/candidates/${ids.patient}/edit`),
  page('/procedures', clinical()),
  page('/procedures/calendar', clinical()),
  page('/outcomes', clinical()),
  page('/admin/staff', adminOnly()),
  page('/admin/staff/[id]', adminOnly(), (ids) => `/admin/staff/${ids.staff}`),
  page('/admin/audit', adminOnly()),
  page('/admin/access-reviews', adminOnly()),
  // No such record: the restricted-record page names nothing it cannot find.
  page(
    '/candidates/[id]/restricted',
    clinical(404),
    () => '/candidates/00000000-0000-4000-8000-000000000000/restricted',
  ),

  // Route handlers (downloads, the upload, Auth.js, session ends).
  {
    kind: 'route',
    route: '/candidates/export',
    method: 'GET',
    url: () => '/candidates/export?status=closed',
    expect: clinical(),
  },
  {
    kind: 'route',
    route: '/candidates/import/template',
    method: 'GET',
    url: () => '/candidates/import/template',
    expect: clinical(),
  },
  {
    kind: 'route',
    route: '/candidates/import/upload',
    method: 'POST',
    url: () => '/candidates/import/upload',
    // A header row and no rows: the import refuses it in its answer, nothing is written.
    multipart: (ids) => ({
      file: {
        name: 'referrals.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(`${ids.csvHeader}\r\n`),
      },
    }),
    expect: clinical(),
  },
  {
    kind: 'route',
    route: '/candidates/import/upload',
    method: 'GET',
    url: () => '/candidates/import/upload',
    expect: { ...everyone(405), anonymous: TO_LOGIN },
  },
  {
    kind: 'route',
    route: '/outcomes/export/[table]',
    method: 'GET',
    url: (ids) => `/outcomes/export/${ids.outcomeTable}`,
    expect: clinical(),
  },
  {
    kind: 'route',
    route: '/admin/audit/export',
    method: 'GET',
    // The filter audit-log.spec exports with: the export's own audit row then reads the same as
    // its, should this one land in between.
    url: () => '/admin/audit/export?action=auth.sign_in',
    expect: adminOnly(),
  },
  {
    kind: 'route',
    route: '/api/auth/[...nextauth]',
    method: 'GET',
    url: () => '/api/auth/session',
    expect: everyone(OK),
  },
  {
    kind: 'route',
    route: '/api/auth/[...nextauth]',
    method: 'POST',
    url: () => '/api/auth/session',
    // Auth.js refuses a POST without its CSRF token (sign-in and sign-out posts are left out:
    // they would count failed sign-ins from this address or end the shared sessions).
    expect: everyone(400),
  },
  {
    kind: 'route',
    route: '/api/health',
    method: 'GET',
    url: () => '/api/health',
    // Public: up or down only (e2e/health.spec.ts checks what the answer holds).
    expect: everyone(OK),
  },
  {
    kind: 'route',
    route: '/session-ended',
    method: 'GET',
    url: () => '/session-ended',
    // Clears only a session that has ended; a valid one goes home (no sign-out by GET).
    expect: {
      anonymous: to('/login?reason=ended'),
      coordinator: to('/'),
      physician: to('/'),
      admin: to('/admin/staff'),
    },
  },
  {
    kind: 'route',
    route: '/sign-out',
    method: 'POST',
    url: () => '/sign-out',
    expect: {
      anonymous: { status: 303, to: '/login' },
      coordinator: ENDS_SESSIONS,
      physician: ENDS_SESSIONS,
      admin: ENDS_ADMIN_SESSIONS,
    },
  },
  {
    kind: 'route',
    route: '/sign-out',
    method: 'POST',
    url: () => '/sign-out',
    origin: 'https://attacker.example',
    expect: everyone(FORBIDDEN),
    note: 'from another site',
  },
  {
    kind: 'route',
    route: '/sign-out',
    method: 'POST',
    url: () => '/sign-out',
    origin: null,
    expect: everyone(FORBIDDEN),
    note: 'with no origin',
  },
  {
    kind: 'route',
    route: '/sign-out',
    method: 'GET',
    url: () => '/sign-out',
    expect: everyone(405),
  },
]

// ---- Server actions -----------------------------------------------------------------------------

const CLINICAL_ROLES: readonly Role[] = ['coordinator', 'physician']
const PHYSICIAN: readonly Role[] = ['physician']
const ADMIN: readonly Role[] = ['admin']
const STAFF: readonly Role[] = SIGNED_IN

const CANDIDATES = 'app/(app)/(clinic)/candidates/actions.ts'
const RECORD = 'app/(app)/(clinic)/candidates/[id]/actions.ts'
const STAFF_ADMIN = 'app/(app)/(admin)/admin/staff/actions.ts'
const TWO_FACTOR = 'app/(app)/account/two-factor/actions.ts'
const RESTRICTED = 'app/(app)/(clinic)/candidates/[id]/restricted/actions.ts'
const ACCESS_REVIEWS = 'app/(app)/(admin)/admin/access-reviews/actions.ts'

/** Who may call each action (docs/permissions.md#actions-by-role), by `file#export`. */
const ACTIONS: Record<string, readonly Role[]> = {
  'app/(auth)/login/actions.ts#signInAction': ROLES,
  'app/(auth)/login/actions.ts#verifyTwoFactorAction': ROLES,
  'app/change-password/actions.ts#changePasswordAction': STAFF,
  'app/enrol/[token]/actions.ts#enrolAction': ROLES,
  'app/(app)/(clinic)/actions.ts#acknowledgeClinicalAccessAction': PHYSICIAN,
  'app/(app)/account/password/actions.ts#changeOwnPasswordAction': STAFF,
  [`${TWO_FACTOR}#beginTwoFactorSetupAction`]: STAFF,
  [`${TWO_FACTOR}#confirmTwoFactorSetupAction`]: STAFF,
  [`${TWO_FACTOR}#regenerateRecoveryCodesAction`]: STAFF,
  [`${TWO_FACTOR}#turnOffTwoFactorAction`]: STAFF,
  [`${CANDIDATES}#createPatientAction`]: CLINICAL_ROLES,
  [`${CANDIDATES}#updatePatientAction`]: CLINICAL_ROLES,
  [`${RECORD}#addFractureAction`]: CLINICAL_ROLES,
  [`${RECORD}#updateFractureAction`]: CLINICAL_ROLES,
  [`${RECORD}#removeFractureAction`]: CLINICAL_ROLES,
  [`${RECORD}#orderImagingAction`]: CLINICAL_ROLES,
  [`${RECORD}#completeImagingAction`]: CLINICAL_ROLES,
  [`${RECORD}#addImagingFindingAction`]: CLINICAL_ROLES,
  [`${RECORD}#recordDecisionAction`]: PHYSICIAN,
  [`${RECORD}#changeStatusAction`]: CLINICAL_ROLES,
  [`${RECORD}#scheduleProcedureAction`]: CLINICAL_ROLES,
  [`${RECORD}#rescheduleProcedureAction`]: CLINICAL_ROLES,
  [`${RECORD}#cancelProcedureAction`]: CLINICAL_ROLES,
  [`${RECORD}#completeProcedureAction`]: PHYSICIAN,
  [`${RECORD}#recordAdverseEventAction`]: PHYSICIAN,
  [`${RECORD}#recordDispositionAction`]: CLINICAL_ROLES,
  [`${RECORD}#amendProcedureAction`]: PHYSICIAN,
  [`${RECORD}#recordFollowUpAction`]: CLINICAL_ROLES,
  [`${RECORD}#restrictRecordAction`]: CLINICAL_ROLES,
  [`${RECORD}#unrestrictRecordAction`]: CLINICAL_ROLES,
  [`${RECORD}#grantAccessAction`]: CLINICAL_ROLES,
  [`${RECORD}#revokeAccessAction`]: CLINICAL_ROLES,
  [`${RESTRICTED}#breakGlassAction`]: CLINICAL_ROLES,
  [`${ACCESS_REVIEWS}#markAccessReviewedAction`]: ADMIN,
  [`${STAFF_ADMIN}#addStaffAction`]: ADMIN,
  [`${STAFF_ADMIN}#changeRoleAction`]: ADMIN,
  [`${STAFF_ADMIN}#resetPasswordAction`]: ADMIN,
  [`${STAFF_ADMIN}#unlockStaffAction`]: ADMIN,
  [`${STAFF_ADMIN}#deactivateStaffAction`]: ADMIN,
  [`${STAFF_ADMIN}#reactivateStaffAction`]: ADMIN,
  [`${STAFF_ADMIN}#resetTwoFactorAction`]: ADMIN,
}

/** Plain form actions with no input to refuse: allowed, they simply run. */
const NO_INPUT = new Set([`${TWO_FACTOR}#beginTwoFactorSetupAction`])

/**
 * Well-formed action requests whose arguments are not the form: what a hand-made request can
 * send. (A body that is not a React reply at all fails in Next's decoder, before any action.)
 */
const JUNK_BODIES: { label: string; data?: string; multipart?: Record<string, string> }[] = [
  { label: 'no arguments', data: '[]' },
  { label: 'a string for the form', data: '["$undefined","junk"]' },
  { label: 'an object and an array', data: '[{"staffId":"x","role":"admin"},[1,2,3]]' },
  { label: 'multipart, a string for the form', multipart: { '0': '["$undefined","junk"]' } },
]

interface ManifestEntry {
  workers: Record<string, unknown>
  filename: string
  exportedName: string
}

function actionManifest(): Map<string, { id: string; pages: string[] }> {
  const file = path.join(__dirname, '..', testDistDir, 'server', 'server-reference-manifest.json')
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    node: Record<string, ManifestEntry>
  }
  const actions = new Map<string, { id: string; pages: string[] }>()
  for (const [id, entry] of Object.entries(manifest.node)) {
    actions.set(`${entry.filename}#${entry.exportedName}`, {
      id,
      // 'app/(app)/(clinic)/candidates/[id]/page' → '/candidates/[id]'
      pages: Object.keys(entry.workers)
        .filter((worker) => worker.endsWith('/page'))
        .map((worker) => routeOf(`${worker}.tsx`)),
    })
  }
  return actions
}

// ---- Sessions -----------------------------------------------------------------------------------

const sessions = {} as Record<Role, { context: BrowserContext; request: APIRequestContext }>
let ids: Ids
let baseOrigin: string

async function textOf(request: APIRequestContext, url: string): Promise<string> {
  const response = await request.get(url)
  expect(response.status(), url).toBe(200)
  return response.text()
}

function firstMatch(text: string, pattern: RegExp, what: string): string {
  const match = pattern.exec(text)
  if (!match?.[1]) throw new Error(`No ${what} found`)
  return match[1]
}

test.beforeAll(async ({ browser }, testInfo) => {
  baseOrigin = new URL(testInfo.project.use.baseURL!).origin
  const emails: Record<SignedInRole, string> = {
    coordinator: accounts.coordinator,
    physician: accounts.physician,
    admin: accounts.admin,
  }
  for (const role of ROLES) {
    const context = await browser.newContext()
    if (role !== 'anonymous') await signInAndWait(await context.newPage(), emails[role])
    sessions[role] = { context, request: context.request }
  }
  const coordinator = sessions.coordinator.request
  ids = {
    patient: firstMatch(
      await textOf(coordinator, '/candidates'),
      /href="\/candidates\/([0-9a-f-]{36})"/,
      'patient id',
    ),
    staff: firstMatch(
      await textOf(sessions.admin.request, '/admin/staff'),
      /href="\/admin\/staff\/([0-9a-f-]{36})"/,
      'staff id',
    ),
    outcomeTable: firstMatch(
      await textOf(coordinator, '/outcomes'),
      /href="\/outcomes\/export\/([\w-]+)/,
      'outcome table id',
    ),
    csvHeader: (await textOf(coordinator, '/candidates/import/template')).split('\r\n')[0]!,
  }
})

test.afterAll(async () => {
  for (const role of ROLES) await sessions[role]?.context.close()
})

/** Checks one answer: the status, and for a redirect where it points. */
function expectAnswer(response: APIResponse, expected: Answer, label: string) {
  const status = typeof expected === 'number' ? expected : expected.status
  expect.soft(response.status(), label).toBe(status)
  if (typeof expected === 'number') return
  const location = new URL(response.headers()['location'] ?? '', baseOrigin)
  const wanted = new URL(expected.to, baseOrigin)
  expect.soft(location.pathname, `${label}: redirect`).toBe(wanted.pathname)
  if (wanted.search) expect.soft(location.search, `${label}: redirect`).toBe(wanted.search)
}

function send(request: APIRequestContext, row: RouteRequest): Promise<APIResponse> {
  const url = row.url(ids)
  const origin = row.origin === undefined ? baseOrigin : row.origin
  const headers: Record<string, string> = origin === null ? {} : { origin }
  if (row.method === 'GET') return request.get(url, { maxRedirects: 0 })
  return request.post(url, {
    maxRedirects: 0,
    headers,
    ...(row.multipart ? { multipart: row.multipart(ids) } : {}),
  })
}

// ---- The tests ----------------------------------------------------------------------------------

test('every page and route handler of app/ is in the matrix, and nothing else', () => {
  const discovered = new Set(discoverRoutes())
  const listed = new Set(ROUTES.map((row) => `${row.kind} ${row.route}`))
  expect(discovered.size).toBeGreaterThan(0)
  expect([...discovered].filter((route) => !listed.has(route)).sort(), 'not in the matrix').toEqual(
    [],
  )
  expect([...listed].filter((route) => !discovered.has(route)).sort(), 'not in app/').toEqual([])
})

for (const row of ROUTES) {
  const title = `${row.method} ${row.route}${row.note ? ` (${row.note})` : ''}`
  test(`${title}: each role gets its answer`, async () => {
    for (const role of ROLES) {
      const expected = row.expect[role]
      if (typeof expected === 'object' && 'notSent' in expected) continue
      expectAnswer(await send(sessions[role].request, row), expected, `${title} as ${role}`)
    }
  })
}

test('every server action in the build is in the matrix, and nothing else', () => {
  const built = actionManifest()
  expect(built.size).toBeGreaterThan(0)
  expect([...built.keys()].filter((key) => !(key in ACTIONS)).sort(), 'not in the matrix').toEqual(
    [],
  )
  expect(
    Object.keys(ACTIONS)
      .filter((key) => !built.has(key))
      .sort(),
    'not built',
  ).toEqual([])
})

for (const [key, allowed] of Object.entries(ACTIONS)) {
  test(`action ${key} posted directly: refused before it reads its input`, async () => {
    const built = actionManifest().get(key)
    expect(built, 'in the build').toBeDefined()
    const pageRoute = built!.pages[0]!
    const pageRow = ROUTES.find((row) => row.kind === 'page' && row.route === pageRoute)
    expect(pageRow, `a page to post to (${pageRoute})`).toBeDefined()
    const url = pageRow!.url(ids)
    const publicPage = pageRow!.expect.anonymous === OK

    for (const role of ROLES) {
      for (const body of JUNK_BODIES) {
        const label = `${role}, ${body.label}, to ${url}`
        const response = await sessions[role].request.post(url, {
          maxRedirects: 0,
          headers: {
            'next-action': built!.id,
            accept: 'text/x-component',
            origin: baseOrigin,
            ...(body.data === undefined ? {} : { 'content-type': 'text/plain;charset=UTF-8' }),
          },
          ...(body.data === undefined ? { multipart: body.multipart } : { data: body.data }),
        })
        if (allowed.includes(role)) {
          // It ran and answered the way a form is answered: every field invalid.
          expect.soft(response.status(), label).toBe(200)
          if (!NO_INPUT.has(key))
            expect.soft(await response.text(), label).toContain(INVALID_FIELDS)
        } else if (role === 'anonymous' && !publicPage) {
          expectAnswer(response, TO_LOGIN, label)
        } else {
          expect.soft(response.status(), label).toBe(FORBIDDEN)
          expect.soft(await response.text(), label).not.toContain(INVALID_FIELDS)
        }
      }
    }
  })
}

// ---- Session-ending routes, signed in: members added for the purpose -----------------------------

test.describe('sign-out, signed in as members added for this test', () => {
  for (const role of ['coordinator', 'physician'] as const) {
    test(`${role}: GET /session-ended leaves a valid session, POST /sign-out ends it`, async ({
      browser,
    }) => {
      const adminPage = await sessions.admin.context.newPage()
      const member = newMember(role)
      await addStaffMember(adminPage, member)
      await adminPage.close()
      const context = await browser.newContext()
      const memberPage = await context.newPage()
      await firstSignIn(memberPage, member)
      const request = context.request
      const signedIn = async () => (await request.get('/', { maxRedirects: 0 })).status() === 200

      expect(await signedIn()).toBe(true)
      // What a cross-site <img src=".../session-ended"> would do: nothing.
      const ended = await request.get('/session-ended', { maxRedirects: 0 })
      expectAnswer(ended, to('/'), `GET /session-ended as ${role}`)
      expect(await signedIn()).toBe(true)
      const signedOut = await request.post('/sign-out', {
        maxRedirects: 0,
        headers: { origin: baseOrigin },
      })
      expectAnswer(signedOut, { status: 303, to: '/login' }, `POST /sign-out as ${role}`)
      expect(await signedIn()).toBe(false)
      await context.close()
    })
  }
})
