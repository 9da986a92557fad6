import 'server-only'
import { sql } from 'drizzle-orm'
import { headers } from 'next/headers'
import { getDb } from '@/db/client'
import { auditLog, type StaffRole } from '@/db/schema'
import { writeAuditOncePerMinute } from '@/lib/audit'
import {
  NEXT_ACTION_ID_HEADER,
  REQUEST_ROUTE_HEADER,
  refusalTargetOf,
} from '@/lib/security/request-route'
import { requestAddress } from './index'

// One refused request of a signed-in member writes one `access.denied` row. Repeats are not
// logged again for a minute (same member, same target, same route): a member, or a script with
// their session, cannot flood the log, and the first refusal stays on record.

async function requestDetails(): Promise<{ route: string | null; actionId: string | null }> {
  try {
    const list = await headers()
    return {
      route: list.get(REQUEST_ROUTE_HEADER),
      actionId: list.get(NEXT_ACTION_ID_HEADER),
    }
  } catch {
    // Called outside a request (a script or a test): nothing to say about the route.
    return { route: null, actionId: null }
  }
}

export async function auditAccessDenied(
  member: { id: string; email: string; role: StaffRole },
  allowedRoles: readonly StaffRole[],
): Promise<void> {
  const { route, actionId } = await requestDetails()
  const target = refusalTargetOf(route, actionId)
  const ipAddress = await requestAddress()
  await writeAuditOncePerMinute(
    await getDb(),
    {
      action: 'access.denied',
      actorId: member.id,
      actorEmail: member.email,
      entityType: target.entityType,
      entityId: target.entityId,
      ipAddress,
      details: { route, role: member.role, allowedRoles, ...(actionId ? { actionId } : {}) },
    },
    // The same target reached by another route is another refusal.
    route === null
      ? sql`${auditLog.details}->>'route' is null`
      : sql`${auditLog.details}->>'route' = ${route}`,
  )
}
