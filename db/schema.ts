import {
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core'

export const staffRoles = ['coordinator', 'physician', 'admin'] as const
export const staffRole = pgEnum('staff_role', staffRoles)

export const sexes = ['female', 'male', 'other', 'unknown'] as const
export const sex = pgEnum('sex', sexes)

export const etiologies = [
  'osteoporotic',
  'steroid_induced_osteoporosis',
  'multiple_myeloma',
  'metastatic_tumor',
  'traumatic',
  'other',
] as const
export const etiology = pgEnum('etiology', etiologies)

export const patientStatuses = [
  'referred',
  'imaging',
  'evaluation',
  'candidate',
  'not_candidate',
  'resolved_conservatively',
  'scheduled',
  'treated',
  'follow_up',
  'closed',
  'lost_to_follow_up',
] as const
export const patientStatus = pgEnum('patient_status', patientStatuses)

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()

export const staff = pgTable(
  'staff',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Stored lower-cased; the unique index below holds the invariant.
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: staffRole('role').notNull(),
    passwordHash: text('password_hash').notNull(),
    active: boolean('active').notNull().default(true),
    // Demo accounts are accepted only while the app runs in demo mode.
    isDemo: boolean('is_demo').notNull().default(false),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    // Bumped on deactivation, role change and password reset: every older session ends.
    sessionVersion: integer('session_version').notNull().default(1),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('staff_email_key').on(t.email)],
)

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
    // Optimistic concurrency: an update must name the version it read.
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('patients_mrn_key').on(t.mrn),
    index('patients_status_idx').on(t.status),
    index('patients_assigned_physician_idx').on(t.assignedPhysicianId),
  ],
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
  (t) => [index('patient_status_events_patient_idx').on(t.patientId, t.occurredAt)],
)

// Append-only: a trigger in the migrations rejects UPDATE, DELETE and TRUNCATE.
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    // No foreign key: the log must outlive and never block changes to the rows it describes.
    actorId: uuid('actor_id'),
    actorEmail: text('actor_email'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    ipAddress: text('ip_address'),
    // Names of changed fields and other context; never passwords or hashes.
    details: jsonb('details').$type<Record<string, unknown>>(),
  },
  (t) => [
    index('audit_log_occurred_at_idx').on(t.occurredAt),
    index('audit_log_actor_idx').on(t.actorId, t.occurredAt),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
  ],
)

// Failed sign-ins per client address, for throttling guessing spread over many accounts.
export const signInThrottle = pgTable('sign_in_throttle', {
  clientAddress: text('client_address').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: timestamp('window_started_at', { withTimezone: true }).notNull().defaultNow(),
  blockedUntil: timestamp('blocked_until', { withTimezone: true }),
})

export type StaffRole = (typeof staffRoles)[number]
export type PatientStatus = (typeof patientStatuses)[number]
export type Etiology = (typeof etiologies)[number]
export type Sex = (typeof sexes)[number]
export type Staff = typeof staff.$inferSelect
export type NewStaff = typeof staff.$inferInsert
export type Patient = typeof patients.$inferSelect
export type NewPatient = typeof patients.$inferInsert
export type NewPatientStatusEvent = typeof patientStatusEvents.$inferInsert
export type NewAuditEntry = typeof auditLog.$inferInsert
