import { sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'

// Restricted records, as SQL: the write kernel refuses them (lockPatient) and every list query
// hides them, from the same definition (no request context: callers authorize and pass who is
// looking). Deny by default: every list query requires a viewer.

/** Who is reading a list: restricted records are hidden unless this member may see them. */
export interface PatientViewer {
  viewerId: string
}

/** An active grant of `viewerId` to the patient `patientId` (a standing grant or break-glass). */
export function activeGrant(patientId: SQL | AnyPgColumn, viewerId: string): SQL {
  return sql`exists (select 1 from patient_access_grants g where g.patient_id = ${patientId} and g.staff_id = ${viewerId}::uuid and g.revoked_at is null and (g.expires_at is null or g.expires_at > now()))`
}

/**
 * The ids of the restricted patients `viewerId` may not see. Restricted records are few, so
 * this reads patients_restricted_idx and a handful of grants; the lists filter on the id alone
 * and keep their own sort indexes (and index-only counts) usable.
 */
export function hiddenPatientIds(viewerId: string): SQL {
  return sql`select r.id from patients r where r.restricted and r.assigned_physician_id <> ${viewerId}::uuid and not ${activeGrant(sql`r.id`, viewerId)}`
}

/** Rows whose patient (`patientId`, a column of the row) has `physicianId` as assigned physician. */
export function assignedTo(patientId: AnyPgColumn, physicianId: string): SQL {
  return sql`${patientId} in (select a.id from patients a where a.assigned_physician_id = ${physicianId}::uuid)`
}

/** True for rows whose patient (`patientId`, a column of the row) `viewerId` may see. */
export function visibleTo(patientId: AnyPgColumn, viewerId: string): SQL {
  return sql`${patientId} not in (${hiddenPatientIds(viewerId)})`
}
