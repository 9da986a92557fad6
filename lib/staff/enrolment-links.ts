import 'server-only'
import crypto from 'node:crypto'
import { and, eq, gt, isNull, sql } from 'drizzle-orm'
import { getDb, type Executor } from '@/db/client'
import { staff, staffEnrolmentLinks } from '@/db/schema'
import { fieldError, refused, type Refusal } from '@/lib/action-result'
import { writeAudit, writeAuditOncePerMinute, type AuditEntry } from '@/lib/audit'
import { requestAddress } from '@/lib/auth'
import { clearAllAccountAttempts } from '@/lib/auth/attempts'
import { hashPassword } from '@/lib/auth/password'
import { passwordPolicyError } from '@/lib/auth/password-check'
import type { StaffActor } from './create'
import { ENROLMENT_TOKEN_PATTERN } from './schemas'

// Enrolment links: how a member gets a password no admin ever saw. The admin is shown the link
// once; the database keeps only the token's SHA-256, so a copy of the database (or a backup)
// opens nothing. 256 random bits: no point in slowing the hash down.

/**
 * What setting a member's password (by their link) or resetting it (by an admin) writes: the new
 * hash, the sign-in lock cleared, and every session ended.
 */
export const newPasswordColumns = (passwordHash: string) => ({
  passwordHash,
  mustChangePassword: false,
  failedLoginCount: 0,
  lockedUntil: null,
  sessionVersion: sql`${staff.sessionVersion} + 1`,
  updatedAt: sql`now()`,
})
export const ENROLMENT_LINK_HOURS = 24
export const ENROLMENT_LINK_CLOSED_MESSAGE =
  'This enrolment link has expired or was already used. Ask an administrator for a new one.'

export function hashEnrolmentToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex')
}

export function enrolmentPath(token: string): string {
  return `/enrol/${token}`
}

/**
 * A password nobody knows, for a login that has not enrolled yet (or whose password an admin
 * reset): the column stays NOT NULL and every sign-in with a guess fails like any wrong one.
 */
export function unusablePasswordHash(): Promise<string> {
  return hashPassword(crypto.randomBytes(32).toString('base64url'))
}

/**
 * In the caller's transaction: voids the member's unused links and issues a new one, audited.
 * Returns the link's path, to be shown once.
 */
export async function issueEnrolmentLink(
  executor: Executor,
  member: { id: string; email: string },
  actor: StaffActor,
): Promise<string> {
  await voidEnrolmentLinks(executor, member.id)
  const token = crypto.randomBytes(32).toString('base64url')
  const expiresAt = new Date(Date.now() + ENROLMENT_LINK_HOURS * 3_600_000)
  await executor.insert(staffEnrolmentLinks).values({
    staffId: member.id,
    tokenHash: hashEnrolmentToken(token),
    issuedBy: actor.id,
    expiresAt,
  })
  await writeAudit(executor, {
    action: 'staff.enrolment_link_issued',
    entityType: 'staff',
    entityId: member.id,
    actorId: actor.id,
    actorEmail: actor.email,
    ipAddress: actor.ipAddress ?? null,
    details: { email: member.email, expiresAt: expiresAt.toISOString() },
  })
  return enrolmentPath(token)
}

export async function voidEnrolmentLinks(executor: Executor, staffId: string): Promise<void> {
  await executor
    .update(staffEnrolmentLinks)
    .set({ voidedAt: sql`now()` })
    .where(
      and(
        eq(staffEnrolmentLinks.staffId, staffId),
        isNull(staffEnrolmentLinks.usedAt),
        isNull(staffEnrolmentLinks.voidedAt),
      ),
    )
}

type LinkState = 'open' | 'expired' | 'used' | 'voided' | 'inactive'

interface LinkRow {
  linkId: string
  staffId: string
  name: string
  email: string
  active: boolean
  twoFactorEnabled: boolean
  state: LinkState
}

async function findLink(token: string): Promise<LinkRow | null> {
  if (!ENROLMENT_TOKEN_PATTERN.test(token)) return null
  const db = await getDb()
  const [row] = await db
    .select({
      linkId: staffEnrolmentLinks.id,
      staffId: staff.id,
      name: staff.name,
      email: staff.email,
      active: staff.active,
      totpEnabledAt: staff.totpEnabledAt,
      expiresAt: staffEnrolmentLinks.expiresAt,
      usedAt: staffEnrolmentLinks.usedAt,
      voidedAt: staffEnrolmentLinks.voidedAt,
      // The database's clock decides expiry, as the conditional update below does.
      expired: sql<boolean>`${staffEnrolmentLinks.expiresAt} <= now()`,
    })
    .from(staffEnrolmentLinks)
    .innerJoin(staff, eq(staff.id, staffEnrolmentLinks.staffId))
    .where(eq(staffEnrolmentLinks.tokenHash, hashEnrolmentToken(token)))
    .limit(1)
  if (!row) return null
  const state: LinkState = row.usedAt
    ? 'used'
    : row.voidedAt
      ? 'voided'
      : !row.active
        ? 'inactive'
        : row.expired
          ? 'expired'
          : 'open'
  return {
    linkId: row.linkId,
    staffId: row.staffId,
    name: row.name,
    email: row.email,
    active: row.active,
    twoFactorEnabled: row.totpEnabledAt !== null,
    state,
  }
}

function refusal(
  link: Pick<LinkRow, 'staffId' | 'email'>,
  reason: LinkState,
  ipAddress: string,
): AuditEntry {
  return {
    action: 'staff.enrolment_link_refused',
    entityType: 'staff',
    entityId: link.staffId,
    actorId: null,
    actorEmail: link.email,
    ipAddress,
    details: { reason },
  }
}

async function auditRefusal(
  executor: Executor,
  link: Pick<LinkRow, 'staffId' | 'email'>,
  reason: LinkState,
  ipAddress: string,
) {
  await writeAudit(executor, refusal(link, reason, ipAddress))
}

export type EnrolmentView =
  { open: true; name: string; email: string; twoFactorEnabled: boolean } | { open: false }

/**
 * What the enrolment page shows for `token` (anyone may open it: the token is the credential).
 * A known link that can no longer be used is audited (once a minute per account), so an admin
 * can see who was turned away.
 */
export async function loadEnrolment(token: string): Promise<EnrolmentView> {
  const link = await findLink(token)
  if (!link) return { open: false }
  if (link.state !== 'open') {
    // Anyone holding a spent link may reload the page at will: once a minute is on record enough.
    await writeAuditOncePerMinute(await getDb(), refusal(link, link.state, await requestAddress()))
    return { open: false }
  }
  return { open: true, name: link.name, email: link.email, twoFactorEnabled: link.twoFactorEnabled }
}

export type EnrolmentOutcome =
  | {
      ok: true
      staffId: string
      sessionVersion: number
      role: (typeof staff.$inferSelect)['role']
      twoFactorEnabled: boolean
    }
  | Refusal

/**
 * Spends `token` to set the member's own password: 1. the link, read; 2. the password policy
 * (the account's email, and the single-factor length unless two-factor is already on); 3. the
 * hash, outside any transaction (argon2 is slow); 4. one transaction whose conditional update
 * spends the link only if it is still unused, unvoided and unexpired, so of two racing uses
 * exactly one wins; the password is set, lockouts and sign-in attempts cleared, older sessions
 * ended, and audited.
 */
export async function redeemEnrolmentLink(input: {
  token: string
  newPassword: string
}): Promise<EnrolmentOutcome> {
  const ipAddress = await requestAddress()
  const closed = refused(ENROLMENT_LINK_CLOSED_MESSAGE)
  const link = await findLink(input.token)
  if (!link) return closed
  const db = await getDb()
  if (link.state !== 'open') {
    await auditRefusal(db, link, link.state, ipAddress)
    return closed
  }
  const problem = passwordPolicyError(input.newPassword, {
    email: link.email,
    twoFactor: link.twoFactorEnabled,
  })
  if (problem) return fieldError('newPassword', problem)
  const passwordHash = await hashPassword(input.newPassword)

  return db.transaction(async (tx) => {
    const [spent] = await tx
      .update(staffEnrolmentLinks)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(staffEnrolmentLinks.id, link.linkId),
          isNull(staffEnrolmentLinks.usedAt),
          isNull(staffEnrolmentLinks.voidedAt),
          gt(staffEnrolmentLinks.expiresAt, sql`now()`),
        ),
      )
      .returning({ staffId: staffEnrolmentLinks.staffId })
    if (!spent) {
      await auditRefusal(tx, link, 'used', ipAddress)
      return closed
    }
    const [member] = await tx
      .update(staff)
      .set(newPasswordColumns(passwordHash))
      .where(and(eq(staff.id, spent.staffId), eq(staff.active, true)))
      .returning({
        sessionVersion: staff.sessionVersion,
        role: staff.role,
        totpEnabledAt: staff.totpEnabledAt,
      })
    if (!member) {
      await auditRefusal(tx, link, 'inactive', ipAddress)
      return closed
    }
    // Guesses at the password nobody knew locked nobody out of the one just set: every address
    // starts afresh, as after an admin's unlock.
    await clearAllAccountAttempts(tx, link.email)
    await writeAudit(tx, {
      action: 'staff.enrolled',
      entityType: 'staff',
      entityId: spent.staffId,
      actorId: spent.staffId,
      actorEmail: link.email,
      ipAddress,
      details: { changed: ['password'] },
    })
    return {
      ok: true as const,
      staffId: spent.staffId,
      sessionVersion: member.sessionVersion,
      role: member.role,
      twoFactorEnabled: member.totpEnabledAt !== null,
    }
  })
}
