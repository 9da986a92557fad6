import 'server-only'
import { and, asc, eq, isNull, ne, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { getDb } from '@/db/client'
import {
  clinicalAccessGrants,
  staff,
  type ClinicalAccessGrantKind,
  type StaffRole,
} from '@/db/schema'
import { refused } from '@/lib/action-result'
import { writeAudit } from '@/lib/audit'
import { requireRole } from '@/lib/auth/session'
import { dataAccess, defineCommand, done } from '@/lib/commands/pipeline'
import { acknowledgeClinicalAccessSchema } from './schemas'

// "New clinical access": an admin can create a clinical login, move someone into a clinical
// role, reactivate a clinical login or reset its password, which opens patient data to whoever
// holds that account. Each such grant waits on every physician's
// Overview until one of them acknowledges it, so no admin alone can do it unnoticed. The grants
// are written by ./clinical-access-grants.ts, inside the change that makes them. A physician's
// own grant is never theirs to see or acknowledge: another physician must.

export interface PendingClinicalAccess {
  id: string
  memberName: string
  memberEmail: string
  kind: ClinicalAccessGrantKind
  role: StaffRole
  fromRole: StaffRole | null
  grantedByName: string | null
  grantedByEmail: string
  grantedAt: Date
}

const grantor = alias(staff, 'grantor')

/** The grants no physician has acknowledged yet, oldest first, but the viewer's own. Physicians only. */
export async function listPendingClinicalAccess(): Promise<PendingClinicalAccess[]> {
  const me = await requireRole('physician')
  const db = await getDb()
  return db
    .select({
      id: clinicalAccessGrants.id,
      memberName: staff.name,
      memberEmail: staff.email,
      kind: clinicalAccessGrants.kind,
      role: clinicalAccessGrants.role,
      fromRole: clinicalAccessGrants.fromRole,
      grantedByName: grantor.name,
      grantedByEmail: clinicalAccessGrants.grantedByEmail,
      grantedAt: clinicalAccessGrants.grantedAt,
    })
    .from(clinicalAccessGrants)
    .innerJoin(staff, eq(staff.id, clinicalAccessGrants.staffId))
    .leftJoin(grantor, eq(grantor.id, clinicalAccessGrants.grantedBy))
    .where(
      and(isNull(clinicalAccessGrants.acknowledgedAt), ne(clinicalAccessGrants.staffId, me.id)),
    )
    .orderBy(asc(clinicalAccessGrants.grantedAt), asc(clinicalAccessGrants.id))
    .limit(100)
}

export const ALREADY_ACKNOWLEDGED_MESSAGE =
  'Another physician acknowledged this already, or it no longer exists.'

/** "Acknowledge": one physician signs off another member's grant, audited with their name. */
export const acknowledgeClinicalAccessCommand = defineCommand({
  roles: ['physician'],
  schema: acknowledgeClinicalAccessSchema,
  async run({ tx, me, ipAddress }, input) {
    const [grant] = await tx
      .update(clinicalAccessGrants)
      .set({ acknowledgedBy: me.id, acknowledgedAt: sql`now()` })
      .where(
        and(
          eq(clinicalAccessGrants.id, input.grantId),
          isNull(clinicalAccessGrants.acknowledgedAt),
          ne(clinicalAccessGrants.staffId, me.id),
        ),
      )
      .returning({
        staffId: clinicalAccessGrants.staffId,
        kind: clinicalAccessGrants.kind,
        role: clinicalAccessGrants.role,
        fromRole: clinicalAccessGrants.fromRole,
        grantedByEmail: clinicalAccessGrants.grantedByEmail,
      })
    if (!grant) return refused(ALREADY_ACKNOWLEDGED_MESSAGE)
    await writeAudit(tx, {
      action: 'staff.clinical_access_acknowledged',
      entityType: 'staff',
      entityId: grant.staffId,
      actorId: me.id,
      actorEmail: me.email,
      ipAddress,
      details: {
        grantId: input.grantId,
        kind: grant.kind,
        role: grant.role,
        fromRole: grant.fromRole,
        grantedBy: grant.grantedByEmail,
      },
    })
    return done(undefined)
  },
  changed: () => ['/'],
  then: { message: 'Acknowledged.' },
})

export const acknowledgeClinicalAccess = dataAccess(acknowledgeClinicalAccessCommand)
