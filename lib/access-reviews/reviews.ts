import 'server-only'
import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { getDb } from '@/db/client'
import { patientAccessGrants, staff } from '@/db/schema'
import { refused } from '@/lib/action-result'
import { writeAudit } from '@/lib/audit'
import { requireRole } from '@/lib/auth/session'
import { reviewAccessSchema } from '@/lib/candidates/restricted-schema'
import { defineCommand, done, perform } from '@/lib/commands/pipeline'

export interface PendingAccessReview {
  id: string
  memberName: string
  memberEmail: string
  grantedAt: Date
  expiresAt: Date
  reason: string
  /** The record's id: a reference without PHI (admins do not read patient records). */
  patientId: string
}

const member = alias(staff, 'member')
const pending = and(
  eq(patientAccessGrants.kind, 'break_glass'),
  isNull(patientAccessGrants.reviewedAt),
)

/** Break-glass accesses an admin has not reviewed yet, oldest first (no patient data). */
export async function listPendingAccessReviews(): Promise<PendingAccessReview[]> {
  await requireRole('admin')
  const db = await getDb()
  const rows = await db
    .select({
      id: patientAccessGrants.id,
      memberName: member.name,
      memberEmail: member.email,
      grantedAt: patientAccessGrants.grantedAt,
      expiresAt: patientAccessGrants.expiresAt,
      reason: patientAccessGrants.reason,
      patientId: patientAccessGrants.patientId,
    })
    .from(patientAccessGrants)
    .innerJoin(member, eq(member.id, patientAccessGrants.staffId))
    .where(pending)
    .orderBy(asc(patientAccessGrants.grantedAt), asc(patientAccessGrants.id))
    .limit(200)
  return rows.map((row) => ({ ...row, expiresAt: row.expiresAt! }))
}

/** Marks one break-glass access reviewed (admins only), audited. */
export const markAccessReviewedCommand = defineCommand({
  roles: ['admin'],
  schema: reviewAccessSchema,
  async run({ tx, me, ipAddress }, { grantId }) {
    const [reviewed] = await tx
      .update(patientAccessGrants)
      .set({ reviewedAt: sql`now()`, reviewedById: me.id })
      .where(and(eq(patientAccessGrants.id, grantId), pending))
      .returning({ id: patientAccessGrants.id, staffId: patientAccessGrants.staffId })
    if (!reviewed) return refused('This access was already reviewed.')
    await writeAudit(tx, {
      action: 'record.break_glass_reviewed',
      entityType: 'access_grant',
      entityId: grantId,
      actorId: me.id,
      actorEmail: me.email,
      ipAddress,
      details: { staffId: reviewed.staffId },
    })
    return done(undefined)
  },
  changed: () => ['/admin/access-reviews'],
  then: { message: 'Marked reviewed.' },
})

export const markAccessReviewed = (grantId: string) =>
  perform(markAccessReviewedCommand, { grantId })
