import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { staffRole } from './enums'
import { createdAt, updatedAt } from './timestamps'

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
    // Two-factor sign-in (RFC 6238). Secrets are stored encrypted (lib/auth/totp.ts); the pending
    // one waits for its first code, so an abandoned setup never turns two-factor on.
    totpSecret: text('totp_secret'),
    totpPendingSecret: text('totp_pending_secret'),
    totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
    // The last time step whose code was accepted: a code works once, and no older one after it.
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('staff_email_key').on(t.email)],
)

/**
 * Single-use links an admin hands a member to set their own password: only the SHA-256 of the
 * token is stored. A link is spent by one conditional update (used_at), so two uses cannot both
 * win; a newer link or a reset voids the older ones.
 */
export const staffEnrolmentLinks = pgTable(
  'staff_enrolment_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    issuedBy: uuid('issued_by').references(() => staff.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex('staff_enrolment_links_token_hash_key').on(t.tokenHash),
    index('staff_enrolment_links_staff_idx').on(t.staffId),
  ],
)

/** What opened patient data to an account: each is a way an admin hands someone a clinical login. */
export const clinicalAccessGrantKinds = [
  'created',
  'role_changed',
  'reactivated',
  'password_reset',
] as const
export type ClinicalAccessGrantKind = (typeof clinicalAccessGrantKinds)[number]

/**
 * Every new clinical login, role change into a clinical role, and reactivation or password reset
 * of a clinical login, shown to physicians until one acknowledges it: no admin alone quietly
 * opens patient data to an account.
 */
export const clinicalAccessGrants = pgTable(
  'clinical_access_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: clinicalAccessGrantKinds }).notNull(),
    role: staffRole('role').notNull(),
    // The role before a role change; null otherwise.
    fromRole: staffRole('from_role'),
    grantedBy: uuid('granted_by').references(() => staff.id),
    grantedByEmail: text('granted_by_email').notNull(),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull().defaultNow(),
    acknowledgedBy: uuid('acknowledged_by').references(() => staff.id),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
  },
  (t) => [
    check(
      'clinical_access_grants_kind_check',
      sql`${t.kind} in ('created', 'role_changed', 'reactivated', 'password_reset')`,
    ),
    index('clinical_access_grants_pending_idx')
      .on(t.grantedAt)
      .where(sql`${t.acknowledgedAt} is null`),
  ],
)

/** One-time recovery codes for a lost authenticator, stored as SHA-256 hashes (never the code). */
export const staffRecoveryCodes = pgTable(
  'staff_recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('staff_recovery_codes_staff_code_key').on(t.staffId, t.codeHash)],
)

export type Staff = typeof staff.$inferSelect
export type NewStaff = typeof staff.$inferInsert
