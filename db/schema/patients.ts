import { sql } from 'drizzle-orm'
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core'
import { disposition, etiology, patientStatus, procedureType, sex } from './enums'
import { staff } from './staff'
import { createdAt, updatedAt } from './timestamps'

export const patients = pgTable(
  'patients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    mrn: varchar('mrn', { length: 20 }).notNull(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    dateOfBirth: date('date_of_birth').notNull(),
    sex: sex('sex').notNull(),
    phone: text('phone'),
    referralDate: date('referral_date').notNull(),
    referringPhysician: text('referring_physician').notNull(),
    assignedPhysicianId: uuid('assigned_physician_id')
      .notNull()
      .references(() => staff.id),
    etiology: etiology('etiology').notNull(),
    painOnsetDate: date('pain_onset_date'),
    status: patientStatus('status').notNull().default('referred'),
    // Set by the candidacy decision; the list filters and sorts on it.
    plannedProcedure: procedureType('planned_procedure'),
    // Kept in step with the active fractures (same transaction), so the list can sort on them.
    fractureCount: integer('fracture_count').notNull().default(0),
    fractureLevels: text('fracture_levels').notNull().default(''),
    // Kept in step with procedures and follow-ups (same transaction) for the list's columns.
    lastDisposition: disposition('last_disposition'),
    nextFollowUpOn: date('next_follow_up_on'),
    // Optimistic concurrency: an update must name the version it read.
    version: integer('version').notNull().default(1),
    // A restricted record is hidden from everyone but its assigned physician and the members
    // granted access (patient_access_grants); the reason says why, for whoever may lift it.
    restricted: boolean('restricted').notNull().default(false),
    restrictedReason: text('restricted_reason'),
    restrictedAt: timestamp('restricted_at', { withTimezone: true }),
    restrictedById: uuid('restricted_by_id').references(() => staff.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('patients_mrn_key').on(t.mrn),
    // The few restricted records, for the lists' "hidden from this viewer" subquery.
    index('patients_restricted_idx')
      .on(t.id, t.assignedPhysicianId)
      .where(sql`${t.restricted}`),
    // Prefix search (LIKE 'abc%') on MRN and on either name part, case-insensitively.
    index('patients_mrn_prefix_idx').using('btree', sql`${t.mrn} text_pattern_ops`),
    index('patients_last_name_prefix_idx').using(
      'btree',
      sql`lower(${t.lastName}) text_pattern_ops`,
    ),
    index('patients_first_name_prefix_idx').using(
      'btree',
      sql`lower(${t.firstName}) text_pattern_ops`,
    ),
    // Sorts of the candidate list, each with id as the tie-breaker for a stable order.
    index('patients_name_sort_idx').on(sql`lower(${t.lastName})`, sql`lower(${t.firstName})`, t.id),
    index('patients_referral_date_idx').on(t.referralDate, t.id),
    index('patients_date_of_birth_idx').on(t.dateOfBirth, t.id),
    index('patients_status_idx').on(t.status, t.id),
    index('patients_etiology_idx').on(t.etiology, t.id),
    index('patients_planned_procedure_idx').on(t.plannedProcedure, t.id),
    index('patients_assigned_physician_idx').on(t.assignedPhysicianId, t.id),
    index('patients_fracture_count_idx').on(t.fractureCount, t.id),
    index('patients_last_disposition_idx').on(t.lastDisposition, t.id),
    index('patients_next_follow_up_idx').on(t.nextFollowUpOn, t.id),
  ],
)

export const accessGrantKinds = ['grant', 'break_glass'] as const
export type AccessGrantKind = (typeof accessGrantKinds)[number]

/**
 * Who else may open a restricted record: a standing grant (until revoked) or a break-glass
 * access (60 minutes, with a reason, listed for an admin's review until reviewed).
 */
export const patientAccessGrants = pgTable(
  'patient_access_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id),
    kind: text('kind', { enum: accessGrantKinds }).notNull(),
    reason: text('reason').notNull(),
    grantedById: uuid('granted_by_id')
      .notNull()
      .references(() => staff.id),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedById: uuid('revoked_by_id').references(() => staff.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    reviewedById: uuid('reviewed_by_id').references(() => staff.id),
  },
  (t) => [
    check('patient_access_grants_kind_check', sql`${t.kind} in ('grant', 'break_glass')`),
    check(
      'patient_access_grants_break_glass_expires_check',
      sql`${t.kind} <> 'break_glass' or ${t.expiresAt} is not null`,
    ),
    index('patient_access_grants_patient_staff_idx')
      .on(t.patientId, t.staffId)
      .where(sql`${t.revokedAt} is null`),
    index('patient_access_grants_review_idx')
      .on(t.grantedAt, t.id)
      .where(sql`${t.kind} = 'break_glass' and ${t.reviewedAt} is null`),
  ],
)
export type PatientAccessGrant = typeof patientAccessGrants.$inferSelect

/**
 * Each time a record was restricted or the restriction lifted, with the reason given. The reasons
 * live here and in patient_access_grants, read by those who may open the record; the audit log,
 * which admins read and export, only says that a reason was given.
 */
export const patientRestrictionChanges = pgTable(
  'patient_restriction_changes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    // True when the record was restricted, false when the restriction was lifted.
    restricted: boolean('restricted').notNull(),
    reason: text('reason').notNull(),
    changedById: uuid('changed_by_id')
      .notNull()
      .references(() => staff.id),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('patient_restriction_changes_patient_idx').on(t.patientId)],
)

export const patientStatusEvents = pgTable(
  'patient_status_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    fromStatus: patientStatus('from_status'),
    toStatus: patientStatus('to_status').notNull(),
    note: text('note'),
    actorId: uuid('actor_id').references(() => staff.id),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('patient_status_events_patient_idx').on(t.patientId, t.occurredAt),
    // The Overview's pathway times read the decisions of the last 90 days.
    index('patient_status_events_to_status_idx').on(t.toStatus, t.occurredAt),
  ],
)

export type Patient = typeof patients.$inferSelect
export type NewPatient = typeof patients.$inferInsert
export type NewPatientStatusEvent = typeof patientStatusEvents.$inferInsert
