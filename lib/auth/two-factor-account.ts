import 'server-only'
import { eq } from 'drizzle-orm'
import QRCode from 'qrcode'
import { getDb, type Executor } from '@/db/client'
import { staff } from '@/db/schema'
import { writeAudit, type AuditAction } from '@/lib/audit'
import { isTwoFactorRequiredFor } from '@/lib/env'
import { checkOwnPassword, checkOwnSecondFactor } from './credentials'
import { requestAddress } from './index'
import { TOO_MANY_CODES_MESSAGE, TOO_MANY_GUESSES_MESSAGE } from './policy'
import { requireStaff, type CurrentStaff } from './session'
import { formatManualKey, totpUri } from './totp'
import {
  confirmEnrolment,
  consumeSecondFactor,
  pendingSecret,
  removeTwoFactor,
  replaceRecoveryCodes,
  startEnrolment,
  twoFactorStatus,
  type TwoFactorStatus,
} from './two-factor'

// The member's own two-factor settings (/account/two-factor). Each function authorizes first:
// any signed-in member may manage their own, including an admin who must enrol before anything
// else (requireStaff's allowTwoFactorSetup).

const me = () => requireStaff({ allowTwoFactorSetup: true })

export const TWO_FACTOR_REQUIRED_MESSAGE = 'Two-factor sign-in is required for your role here.'
export const WRONG_CODE = 'That code is not right. Enter the current six-digit code from your app.'

export interface TwoFactorPageData {
  member: CurrentStaff
  status: TwoFactorStatus
  /** Whether this member may not turn it off (admins, when the server requires it). */
  required: boolean
  /** The setup in progress: the QR code (an SVG) and the key to type by hand. */
  setup: { qrSvg: string; manualKey: string } | null
}

export async function loadTwoFactorPage(): Promise<TwoFactorPageData> {
  const member = await me()
  const db = await getDb()
  const [status, secret] = await Promise.all([
    twoFactorStatus(db, member.id),
    pendingSecret(db, member.id),
  ])
  const setup =
    secret && !status.enabled
      ? {
          qrSvg: await QRCode.toString(totpUri(secret, member.email), {
            type: 'svg',
            margin: 1,
            errorCorrectionLevel: 'M',
          }),
          manualKey: formatManualKey(secret),
        }
      : null
  return { member, status, required: requiredFor(member), setup }
}

const requiredFor = (member: CurrentStaff) => isTwoFactorRequiredFor(member.role)

/** A new secret to scan; a setup already under way starts over with a fresh one. */
export async function beginTwoFactorSetup(): Promise<void> {
  const member = await me()
  const db = await getDb()
  await db.transaction((tx) => startEnrolment(tx, member.id))
}

export type CodesOutcome = { ok: true; recoveryCodes: string[] } | { ok: false; message: string }

/** The first code from the app turns two-factor on and yields the recovery codes, shown once. */
export async function confirmTwoFactorSetup(code: string): Promise<CodesOutcome> {
  const member = await me()
  const ipAddress = await requestAddress()
  const db = await getDb()
  return db.transaction(async (tx) => {
    const recoveryCodes = await confirmEnrolment(tx, member.id, code)
    if (!recoveryCodes) return { ok: false, message: WRONG_CODE }
    await auditOwnChange(tx, member, ipAddress, 'auth.two_factor_enabled', 'two_factor')
    return { ok: true, recoveryCodes }
  })
}

/**
 * Ten new recovery codes for a code from the app; the old ones stop working. A wrong code counts
 * towards the lockout, as at sign-in.
 */
export async function regenerateRecoveryCodes(code: string): Promise<CodesOutcome> {
  const member = await me()
  // Only the app's code: a recovery code cannot mint more of itself.
  if (!/^\d{6}$/.test(code)) return { ok: false, message: WRONG_CODE }
  const ipAddress = await requestAddress()
  const db = await getDb()
  const check = await checkOwnSecondFactor(db, member, ipAddress, async (tx) => {
    const account = await enrolledAccount(tx, member.id)
    if (!account || !(await consumeSecondFactor(tx, account, code))) return null
    const recoveryCodes = await replaceRecoveryCodes(tx, member.id)
    await auditOwnChange(tx, member, ipAddress, 'auth.recovery_codes_replaced', 'recovery_codes')
    return recoveryCodes
  })
  if (check.result === 'locked') return { ok: false, message: TOO_MANY_CODES_MESSAGE }
  if (check.result === 'wrong') return { ok: false, message: WRONG_CODE }
  return { ok: true, recoveryCodes: check.value }
}

export type TurnOffOutcome =
  { ok: true } | { ok: false; message: string; field?: 'currentPassword' | 'code' }

/**
 * Turns two-factor off: the current password and a code (or recovery code) are both needed, so a
 * borrowed, unlocked screen is not enough. A wrong password or code counts towards the lockout.
 */
export async function turnOffTwoFactor(input: {
  currentPassword: string
  code: string
}): Promise<TurnOffOutcome> {
  const member = await me()
  if (requiredFor(member)) return { ok: false, message: TWO_FACTOR_REQUIRED_MESSAGE }
  const ipAddress = await requestAddress()
  const db = await getDb()
  const current = await checkOwnPassword(db, member, ipAddress, input.currentPassword)
  if (current.result === 'locked')
    return { ok: false, field: 'currentPassword', message: TOO_MANY_GUESSES_MESSAGE }
  if (current.result === 'wrong') {
    return {
      ok: false,
      field: 'currentPassword',
      message: 'The current password is not correct',
    }
  }
  const check = await checkOwnSecondFactor(db, member, ipAddress, async (tx) => {
    const account = await enrolledAccount(tx, member.id)
    if (!account || !(await consumeSecondFactor(tx, account, input.code))) return null
    await removeTwoFactor(tx, member.id, { endSessions: false })
    await auditOwnChange(tx, member, ipAddress, 'auth.two_factor_disabled', 'two_factor')
    return true
  })
  if (check.result === 'locked')
    return { ok: false, field: 'code', message: TOO_MANY_CODES_MESSAGE }
  if (check.result === 'wrong') return { ok: false, field: 'code', message: WRONG_CODE }
  return { ok: true }
}

async function enrolledAccount(tx: Parameters<typeof removeTwoFactor>[0], staffId: string) {
  const [account] = await tx
    .select({ id: staff.id, totpSecret: staff.totpSecret })
    .from(staff)
    .where(eq(staff.id, staffId))
    .for('update')
  return account?.totpSecret ? account : null
}

/** The audit row of a change a member makes to their own sign-in settings. */
async function auditOwnChange(
  tx: Executor,
  member: CurrentStaff,
  ipAddress: string,
  action: AuditAction,
  changed: 'two_factor' | 'recovery_codes',
) {
  await writeAudit(tx, {
    action,
    entityType: 'staff',
    entityId: member.id,
    actorId: member.id,
    actorEmail: member.email,
    ipAddress,
    details: { changed: [changed] },
  })
}
