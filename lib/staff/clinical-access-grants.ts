import type { Executor } from '@/db/client'
import { clinicalAccessGrants, type ClinicalAccessGrantKind, type StaffRole } from '@/db/schema'
import type { StaffActor } from './create'

// Written inside the transaction that opens patient data to an account (a new clinical login,
// a role change into a clinical role, a reactivation or a password reset of a clinical login);
// listed and acknowledged in ./clinical-access.ts. No server-only imports: the staff:create
// command writes one too.

const CLINICAL: readonly StaffRole[] = ['coordinator', 'physician']

export const isClinicalRole = (role: StaffRole): boolean => CLINICAL.includes(role)

/** In the caller's transaction: records the grant when `role` is clinical (a no-op otherwise). */
export async function recordClinicalAccessGrant(
  executor: Executor,
  grant: {
    staffId: string
    kind: ClinicalAccessGrantKind
    role: StaffRole
    /** The role before a role change; null otherwise. */
    fromRole: StaffRole | null
  },
  /** Null when the command line created the login. */
  actor: StaffActor | null,
): Promise<void> {
  if (!isClinicalRole(grant.role)) return
  await executor.insert(clinicalAccessGrants).values({
    staffId: grant.staffId,
    kind: grant.kind,
    role: grant.role,
    fromRole: grant.fromRole,
    grantedBy: actor?.id ?? null,
    grantedByEmail: actor?.email ?? 'command line',
  })
}
