import 'server-only'
import { AuthError, CredentialsSignin } from 'next-auth'
import { z } from 'zod'
import { fieldError, refused } from '@/lib/action-result'
import { renewSession, signIn } from '@/lib/auth'
import { changeOwnPassword } from '@/lib/auth/password-change'
import {
  INVALID_CODE_MESSAGE,
  INVALID_CREDENTIALS_MESSAGE,
  THROTTLED_MESSAGE,
} from '@/lib/auth/policy'
import {
  changePasswordSchema,
  safeCallbackPath,
  signInSchema,
  twoFactorCodeSchema,
  turnOffTwoFactorSchema,
  twoFactorPath,
} from '@/lib/auth/schemas'
import { homePathFor, requireStaff } from '@/lib/auth/session'
import {
  beginTwoFactorSetup,
  confirmTwoFactorSetup,
  regenerateRecoveryCodes,
  turnOffTwoFactor,
  type CodesOutcome,
} from '@/lib/auth/two-factor-account'
import { done, type Outcome } from '@/lib/commands/pipeline'
import { defineSelfServiceCommand, type Audience } from '@/lib/commands/self-service'
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '@/lib/errors'
import { redeemEnrolmentLink } from '@/lib/staff/enrolment-links'
import { enrolSchema } from '@/lib/staff/schemas'

// What a member does with their own sign-in, each a self-service command
// (lib/commands/self-service.ts): signing in, enrolling, their password and two-factor settings.

/** Where the sign-in goes next. */
interface NextPage {
  path: string
}

const callbackUrl = z.unknown().optional().transform(safeCallbackPath)

/**
 * Auth.js's refusal as the form's: a database that cannot be reached is not a wrong password;
 * the code Auth.js carries says what else happened (`two_factor`: the password was right and the
 * code is next; `throttled`: too many tries).
 */
async function signInWith(
  credentials: Record<string, string>,
  whenRefused: (code: string | null) => Outcome<NextPage>,
): Promise<Outcome<NextPage> | null> {
  try {
    // authorize() does the checking, lockout and audit; this path and the Auth.js endpoint share it.
    await signIn('credentials', { ...credentials, redirect: false })
    return null
  } catch (error) {
    if (isDatabaseUnavailable(error)) return refused(DATABASE_UNAVAILABLE_MESSAGE)
    if (!(error instanceof AuthError)) throw error
    return whenRefused(error instanceof CredentialsSignin ? (error.code ?? null) : null)
  }
}

/** The password step of signing in (public by design: the password is the credential). */
export const signInCommand = defineSelfServiceCommand({
  audience: 'anyone',
  schema: signInSchema.extend({ callbackUrl }),
  secretFields: ['password'],
  run: async ({ email, password, callbackUrl }) => {
    const refusal = await signInWith({ email, password }, (code) =>
      code === 'two_factor'
        ? done({ path: twoFactorPath(callbackUrl) })
        : refused(code === 'throttled' ? THROTTLED_MESSAGE : INVALID_CREDENTIALS_MESSAGE),
    )
    return refusal ?? done({ path: callbackUrl ?? '/' })
  },
  then: { redirect: (next: NextPage) => next.path },
})

/** The code step: the authenticator app's code (or a recovery code) after the password. */
export const verifyTwoFactorCommand = defineSelfServiceCommand({
  audience: 'anyone',
  schema: twoFactorCodeSchema.extend({ callbackUrl }),
  secretFields: ['code'],
  run: async ({ code, callbackUrl }) => {
    const refusal = await signInWith({ code }, (reason) =>
      reason === 'throttled'
        ? refused(THROTTLED_MESSAGE)
        : // Expired or void challenges and wrong codes read alike; the page offers a fresh start.
          fieldError('code', INVALID_CODE_MESSAGE),
    )
    return refusal ?? done({ path: callbackUrl ?? '/' })
  },
  then: { redirect: (next: NextPage) => next.path },
})

/**
 * A member's enrolment link: spend it and set the password (the token is the authorization, so
 * anyone holding it may, signed in or not), then sign this browser in as the member, who is sent
 * on to two-factor setup wherever it is required. A member who already has two-factor on (a
 * reset) signs in with their code as usual.
 */
export const enrolCommand = defineSelfServiceCommand({
  audience: 'anyone',
  schema: enrolSchema,
  secretFields: ['newPassword', 'confirmPassword', 'token'],
  run: async (input) => {
    const outcome = await redeemEnrolmentLink(input)
    if (!outcome.ok) return outcome
    const signedIn =
      !outcome.twoFactorEnabled &&
      (await renewSession({ staffId: outcome.staffId, sessionVersion: outcome.sessionVersion }))
    return done({ path: signedIn ? homePathFor(outcome.role) : '/login?enrolled=1' })
  },
  then: { redirect: (next: NextPage) => next.path },
})

/**
 * The member's own password change, then this browser signed in again with the new password
 * (the change ended its session along with the others). `after` is the page that follows; a
 * browser that could not be signed in again is sent to sign in.
 */
function passwordChangeCommand(
  audience: Audience,
  after: (member: { role: Parameters<typeof homePathFor>[0] }) => string,
) {
  return defineSelfServiceCommand({
    audience,
    schema: changePasswordSchema,
    secretFields: ['currentPassword', 'newPassword', 'confirmPassword'],
    run: async (input) => {
      const me = await requireStaff({ allowPendingPasswordChange: true })
      const outcome = await changeOwnPassword(input)
      if (!outcome.ok) return fieldError(outcome.field, outcome.message)
      const signedInAgain = await renewSession({
        staffId: me.id,
        sessionVersion: outcome.sessionVersion,
      })
      return done({ path: signedInAgain ? after(me) : '/login?reason=ended' })
    },
    // A redirect, not a result: the page that follows is rendered with the new session cookie
    // (re-rendering this one in the same response would still see the old, ended one).
    then: { redirect: (next: NextPage) => next.path },
  })
}

/** The forced change (an admin set the password): the one form a pending member may use. */
export const forcedPasswordChangeCommand = passwordChangeCommand(
  { member: { allowPendingPasswordChange: true } },
  (member) => homePathFor(member.role),
)

/** The account page's change (a member with a pending change is sent to the forced one). */
export const ownPasswordChangeCommand = passwordChangeCommand(
  { member: {} },
  () => '/account/password?changed=1',
)

// The two-factor settings: any signed-in member's own, including one who must enrol first.
const twoFactorSettings: Audience = { member: { allowTwoFactorSetup: true } }
const TWO_FACTOR_PAGE = '/account/two-factor'

/** "Set up two-factor sign-in" (or "Start over"): a new secret to scan. */
export const beginTwoFactorSetupCommand = defineSelfServiceCommand({
  audience: twoFactorSettings,
  schema: z.object({}),
  secretFields: [],
  run: async () => done(await beginTwoFactorSetup()),
  changed: () => [TWO_FACTOR_PAGE],
  then: { message: 'Scan the new key with your authenticator app.' },
})

/**
 * Confirming the setup, and replacing the recovery codes: a code from the app yields the codes,
 * shown once. No revalidation: the page would replace the codes before they are read; the form
 * shows them and links back to the page.
 */
function recoveryCodesCommand(makeCodes: (code: string) => Promise<CodesOutcome>, message: string) {
  return defineSelfServiceCommand({
    audience: twoFactorSettings,
    schema: twoFactorCodeSchema,
    secretFields: ['code'],
    run: async ({ code }) => {
      const outcome = await makeCodes(code)
      return outcome.ok ? done(outcome.recoveryCodes) : fieldError('code', outcome.message)
    },
    then: { message, shows: (recoveryCodes: string[]) => ({ recoveryCodes }) },
  })
}

export const confirmTwoFactorSetupCommand = recoveryCodesCommand(
  confirmTwoFactorSetup,
  'Two-factor sign-in is on. From now on you sign in with your password and a code.',
)

export const regenerateRecoveryCodesCommand = recoveryCodesCommand(
  regenerateRecoveryCodes,
  'New recovery codes made; the old ones no longer work.',
)

/** Turning two-factor off: the current password and a code, both. */
export const turnOffTwoFactorCommand = defineSelfServiceCommand({
  audience: twoFactorSettings,
  schema: turnOffTwoFactorSchema,
  secretFields: ['code', 'currentPassword'],
  run: async (input) => {
    const outcome = await turnOffTwoFactor(input)
    if (outcome.ok) return done(undefined)
    return outcome.field ? fieldError(outcome.field, outcome.message) : refused(outcome.message)
  },
  changed: () => [TWO_FACTOR_PAGE],
  then: { message: 'Two-factor sign-in is off.' },
})
