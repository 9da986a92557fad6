import 'server-only'
import { eq } from 'drizzle-orm'
import { forbidden, redirect } from 'next/navigation'
import { cache } from 'react'
import { getDb } from '@/db/client'
import { staff, type StaffRole } from '@/db/schema'
import { auditAccessDenied } from './access-denied'
import { auth } from './index'
import { isTwoFactorRequiredFor } from '@/lib/env'
import { rethrowDatabaseError } from '@/lib/errors'
import type { SessionClaims } from './config'

export interface CurrentStaff {
  id: string
  name: string
  email: string
  role: StaffRole
  mustChangePassword: boolean
  twoFactorEnabled: boolean
}

type SessionState =
  { kind: 'anonymous' } | { kind: 'ended' } | { kind: 'active'; staff: CurrentStaff }

/**
 * Re-reads the staff row on every request (once per request, via cache): the token's role is
 * for the UI only. Inactive or a bumped session version ends the session at once.
 */
const sessionState = cache(async (): Promise<SessionState> => {
  const session = (await auth()) as { claims?: SessionClaims } | null
  const claims = session?.claims
  if (!claims) return { kind: 'anonymous' }
  // The first query of every signed-in request: a lost database surfaces here, by name.
  const row = await loadStaffRow(claims.staffId).catch(rethrowDatabaseError)
  if (!row) return { kind: 'ended' }
  return staffSessionIsValid(row, claims)
    ? {
        kind: 'active',
        staff: {
          id: row.id,
          name: row.name,
          email: row.email,
          role: row.role,
          mustChangePassword: row.mustChangePassword,
          twoFactorEnabled: row.totpEnabledAt !== null,
        },
      }
    : { kind: 'ended' }
})

async function loadStaffRow(staffId: string) {
  const db = await getDb()
  const [row] = await db
    .select({
      id: staff.id,
      name: staff.name,
      email: staff.email,
      role: staff.role,
      active: staff.active,
      sessionVersion: staff.sessionVersion,
      mustChangePassword: staff.mustChangePassword,
      totpEnabledAt: staff.totpEnabledAt,
    })
    .from(staff)
    .where(eq(staff.id, staffId))
    .limit(1)
  return row
}

// A lockout stops new sign-ins only: it is set by whoever guesses, so it must not sign the
// owner out (a lock the member's own session earns bumps the session version instead).
export function staffSessionIsValid(
  row: { active: boolean; sessionVersion: number },
  claims: Pick<SessionClaims, 'sessionVersion'>,
): boolean {
  if (!row.active) return false
  return row.sessionVersion === claims.sessionVersion
}

/**
 * The signed-in staff member, or a redirect: to /login; to the password change first; for a
 * member without two-factor sign-in whose role the server requires it of, to its setup.
 */
export async function requireStaff(
  options: { allowPendingPasswordChange?: boolean; allowTwoFactorSetup?: boolean } = {},
): Promise<CurrentStaff> {
  const state = await sessionState()
  if (state.kind === 'anonymous') redirect('/login')
  // A route handler clears the cookie; a server component cannot.
  if (state.kind === 'ended') redirect('/session-ended')
  const me = state.staff
  if (me.mustChangePassword && !options.allowPendingPasswordChange) redirect('/change-password')
  if (mustEnrolTwoFactor(me) && !options.allowTwoFactorSetup && !options.allowPendingPasswordChange)
    redirect('/account/two-factor')
  return me
}

function mustEnrolTwoFactor(member: CurrentStaff): boolean {
  return !member.twoFactorEnabled && isTwoFactorRequiredFor(member.role)
}

/**
 * requireStaff, then a 403 unless the member holds one of `roles`. Every refusal of a signed-in
 * member passes here and is audited (`access.denied`) before the 403; anonymous visitors are
 * sent to sign in instead, and that flow audits itself.
 */
export async function requireRole(...roles: [StaffRole, ...StaffRole[]]): Promise<CurrentStaff> {
  const me = await requireStaff()
  if (!roles.includes(me.role)) {
    // A refusal that cannot be logged is still a refusal.
    await auditAccessDenied(me, roles).catch((error: unknown) =>
      console.error(
        '[audit] could not record a refused request:',
        error instanceof Error ? error.name : 'unknown error',
      ),
    )
    forbidden()
  }
  return me
}

/** The signed-in staff member or null, for pages anonymous visitors may see (the login page). */
export async function currentStaffOrNull(): Promise<CurrentStaff | null> {
  const state = await sessionState()
  return state.kind === 'active' ? state.staff : null
}

export const CLINICAL_ROLES = ['coordinator', 'physician'] as const satisfies readonly StaffRole[]

export function homePathFor(role: StaffRole): string {
  return role === 'admin' ? '/admin/staff' : '/'
}
