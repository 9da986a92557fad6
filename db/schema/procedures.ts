import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import {
  adverseEventCategory,
  anesthesiaType,
  approach,
  disposition,
  leakageLocation,
  leakageType,
  overnightReason,
  procedureStatus,
  procedureType,
  vertebralLevel,
} from './enums'
import { fractures } from './fractures'
import { patients } from './patients'
import { staff } from './staff'
import { createdAt, updatedAt } from './timestamps'

/** A booking's length in minutes: from a quarter hour to a working day. */
export const MIN_BOOKING_MINUTES = 15
export const MAX_BOOKING_MINUTES = 480

export const procedures = pgTable(
  'procedures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    type: procedureType('type').notNull(),
    status: procedureStatus('status').notNull().default('scheduled'),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }).notNull(),
    // How long the room and the physician are booked (docs/clinic-day.md#bookings).
    durationMinutes: integer('duration_minutes').notNull().default(60),
    performedAt: timestamp('performed_at', { withTimezone: true }),
    physicianId: uuid('physician_id')
      .notNull()
      .references(() => staff.id),
    setting: text('setting').notNull().default('outpatient'),
    anesthesia: anesthesiaType('anesthesia').notNull(),
    approach: approach('approach').notNull(),
    plannedLevels: vertebralLevel('planned_levels').array().notNull(),
    cement: text('cement').notNull().default('PMMA'),
    cancelReason: text('cancel_reason'),
    disposition: disposition('disposition'),
    overnightReason: overnightReason('overnight_reason'),
    dischargedAt: timestamp('discharged_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('procedures_patient_idx').on(t.patientId, t.scheduledAt),
    // The list's views: today/upcoming by scheduled time, completed by performed time.
    index('procedures_status_scheduled_idx').on(t.status, t.scheduledAt, t.id),
    index('procedures_status_performed_idx').on(t.status, t.performedAt, t.id),
    index('procedures_physician_idx').on(t.physicianId, t.scheduledAt, t.id),
    // "Overnight tonight": stays whose discharge is not recorded yet, few at any time.
    index('procedures_on_ward_idx')
      .on(t.performedAt, t.id)
      .where(
        sql`${t.status} = 'completed' and ${t.disposition} = 'overnight' and ${t.dischargedAt} is null`,
      ),
    // One open (scheduled) procedure per patient at a time.
    uniqueIndex('procedures_one_scheduled_key')
      .on(t.patientId)
      .where(sql`${t.status} = 'scheduled'`),
    // Completion needs a disposition; overnight needs its reason
    // (docs/clinical-definitions.md#procedure-completion-and-disposition).
    check(
      'procedures_completed_disposition',
      sql`${t.status} <> 'completed' or (${t.disposition} is not null and ${t.performedAt} is not null)`,
    ),
    check(
      'procedures_duration_minutes',
      sql`${t.durationMinutes} between ${sql.raw(String(MIN_BOOKING_MINUTES))} and ${sql.raw(String(MAX_BOOKING_MINUTES))}`,
    ),
    check(
      'procedures_overnight_reason',
      sql`${t.disposition} is distinct from 'overnight' or ${t.overnightReason} is not null`,
    ),
  ],
)

export const treatedLevels = pgTable(
  'treated_levels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    procedureId: uuid('procedure_id')
      .notNull()
      .references(() => procedures.id, { onDelete: 'cascade' }),
    fractureId: uuid('fracture_id').references(() => fractures.id),
    level: vertebralLevel('level').notNull(),
    cementVolumeMl: numeric('cement_volume_ml', {
      precision: 4,
      scale: 1,
      mode: 'number',
    }).notNull(),
    kyphoticAngleBeforeDeg: numeric('kyphotic_angle_before_deg', {
      precision: 5,
      scale: 1,
      mode: 'number',
    }),
    kyphoticAngleAfterDeg: numeric('kyphotic_angle_after_deg', {
      precision: 5,
      scale: 1,
      mode: 'number',
    }),
    heightRestoredPct: numeric('height_restored_pct', { precision: 5, scale: 2, mode: 'number' }),
  },
  (t) => [
    uniqueIndex('treated_levels_procedure_level_key').on(t.procedureId, t.level),
    check('treated_levels_cement_range', sql`${t.cementVolumeMl} between 0.5 and 15`),
  ],
)

export const adverseEvents = pgTable(
  'adverse_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    procedureId: uuid('procedure_id')
      .notNull()
      .references(() => procedures.id, { onDelete: 'cascade' }),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    category: adverseEventCategory('category').notNull(),
    leakageType: leakageType('leakage_type'),
    leakageLocation: leakageLocation('leakage_location'),
    symptomatic: boolean('symptomatic').notNull(),
    detectedOn: date('detected_on').notNull(),
    note: text('note'),
    recordedBy: uuid('recorded_by').references(() => staff.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('adverse_events_procedure_idx').on(t.procedureId),
    index('adverse_events_category_idx').on(t.category),
  ],
)

// A completed procedure's details corrected by a physician: the values before and after, kept
// beside the procedure (which holds the latest) with the reason (docs/clinic-day.md#amendments).
export const procedureAmendments = pgTable(
  'procedure_amendments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    procedureId: uuid('procedure_id')
      .notNull()
      .references(() => procedures.id, { onDelete: 'cascade' }),
    // The procedure's version this amendment made.
    version: integer('version').notNull(),
    amendedBy: uuid('amended_by')
      .notNull()
      .references(() => staff.id),
    amendedAt: timestamp('amended_at', { withTimezone: true }).notNull().defaultNow(),
    reason: text('reason').notNull(),
    // Only what changed: { "cement": "PMMA", "levels.L1.cementVolumeMl": 4 } and the same keys after.
    previous: jsonb('previous').$type<Record<string, unknown>>().notNull(),
    current: jsonb('current').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [uniqueIndex('procedure_amendments_version_key').on(t.procedureId, t.version)],
)

export type Procedure = typeof procedures.$inferSelect
export type TreatedLevel = typeof treatedLevels.$inferSelect
export type AdverseEvent = typeof adverseEvents.$inferSelect
