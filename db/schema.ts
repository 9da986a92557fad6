import { sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
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

export const procedureTypes = ['vertebroplasty', 'kyphoplasty'] as const
export const procedureType = pgEnum('procedure_type', procedureTypes)

// T1–T12, L1–L5, S1: the levels a compression fracture is recorded at, top to bottom.
export const vertebralLevels = [
  'T1',
  'T2',
  'T3',
  'T4',
  'T5',
  'T6',
  'T7',
  'T8',
  'T9',
  'T10',
  'T11',
  'T12',
  'L1',
  'L2',
  'L3',
  'L4',
  'L5',
  'S1',
] as const
export const vertebralLevel = pgEnum('vertebral_level', vertebralLevels)

export const fractureMorphologies = ['wedge', 'biconcave', 'crush'] as const
export const fractureMorphology = pgEnum('fracture_morphology', fractureMorphologies)

export const triStates = ['yes', 'no', 'unknown'] as const
export const triState = pgEnum('tri_state', triStates)

export const imagingModalities = ['mri', 'ct', 'xray', 'dexa', 'bone_scan'] as const
export const imagingModality = pgEnum('imaging_modality', imagingModalities)

export const candidacyDecisions = ['candidate', 'not_candidate', 'resolved_conservatively'] as const
export const candidacyDecision = pgEnum('candidacy_decision', candidacyDecisions)

export const procedureStatuses = ['scheduled', 'completed', 'cancelled'] as const
export const procedureStatus = pgEnum('procedure_status', procedureStatuses)

export const anesthesiaTypes = ['general', 'local_sedation'] as const
export const anesthesiaType = pgEnum('anesthesia_type', anesthesiaTypes)

export const approaches = ['unipedicular', 'bipedicular'] as const
export const approach = pgEnum('approach', approaches)

export const dispositions = ['same_day', 'overnight'] as const
export const disposition = pgEnum('disposition', dispositions)

export const overnightReasons = [
  'pain_control',
  'anesthesia_recovery',
  'comorbidity_monitoring',
  'complication',
  'multi_level_procedure',
  'transport_social',
  'physician_preference',
  'other',
] as const
export const overnightReason = pgEnum('overnight_reason', overnightReasons)

export const adverseEventCategories = [
  'cement_leakage',
  'new_adjacent_fracture',
  'new_remote_fracture',
  'pulmonary_cement_embolism',
  'infection',
  'neurologic_deficit',
  'bleeding_hematoma',
  'anesthesia_complication',
  'death',
  'other',
] as const
export const adverseEventCategory = pgEnum('adverse_event_category', adverseEventCategories)

// Cement leakage by route (Yeom: B basivertebral, S segmental vein, C cortical) and where it went.
export const leakageTypes = ['B', 'S', 'C'] as const
export const leakageType = pgEnum('leakage_type', leakageTypes)
export const leakageLocations = ['disc', 'paravertebral', 'canal'] as const
export const leakageLocation = pgEnum('leakage_location', leakageLocations)

export const followUpTimepoints = ['baseline', 'h48', 'd7', 'm1', 'm3', 'm6', 'm12'] as const
export const followUpTimepoint = pgEnum('follow_up_timepoint', followUpTimepoints)

export const analgesicUses = ['none', 'non_opioid', 'opioid'] as const
export const analgesicUse = pgEnum('analgesic_use', analgesicUses)

export const mobilityLevels = ['bedbound', 'assisted', 'independent'] as const
export const mobilityLevel = pgEnum('mobility_level', mobilityLevels)

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

export const fractures = pgTable(
  'fractures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    level: vertebralLevel('level').notNull(),
    diagnosedOn: date('diagnosed_on'),
    heightLossPct: numeric('height_loss_pct', { precision: 5, scale: 2, mode: 'number' }).notNull(),
    morphology: fractureMorphology('morphology'),
    fractureAgeWeeks: integer('fracture_age_weeks'),
    mriEdema: triState('mri_edema').notNull().default('unknown'),
    kyphoticAngleDeg: numeric('kyphotic_angle_deg', { precision: 5, scale: 1, mode: 'number' }),
    posteriorWallInvolved: boolean('posterior_wall_involved').notNull().default(false),
    retropulsion: boolean('retropulsion').notNull().default(false),
    // Removal keeps the row (history, and later the procedure's treated levels) but frees the level.
    removedAt: timestamp('removed_at', { withTimezone: true }),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // One active fracture per level per patient.
    uniqueIndex('fractures_active_level_key')
      .on(t.patientId, t.level)
      .where(sql`${t.removedAt} is null`),
    check('fractures_height_loss_range', sql`${t.heightLossPct} between 0 and 100`),
  ],
)

export const imagingOrders = pgTable(
  'imaging_orders',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    modality: imagingModality('modality').notNull(),
    orderedOn: date('ordered_on').notNull(),
    orderedBy: uuid('ordered_by').references(() => staff.id),
    completedOn: date('completed_on'),
    finding: text('finding'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('imaging_orders_patient_idx').on(t.patientId, t.orderedOn),
    // The "Imaging pending" worklist reads only open orders.
    index('imaging_orders_pending_idx')
      .on(t.orderedOn, t.patientId)
      .where(sql`${t.completedOn} is null`),
  ],
)

export const candidacyAssessments = pgTable(
  'candidacy_assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    physicianId: uuid('physician_id')
      .notNull()
      .references(() => staff.id),
    // The checklist as answered (lib/candidacy/schemas.ts validates its shape).
    checklist: jsonb('checklist').$type<Record<string, unknown>>().notNull(),
    decision: candidacyDecision('decision').notNull(),
    plannedProcedure: procedureType('planned_procedure'),
    reason: text('reason'),
    justification: text('justification'),
    decidedAt: timestamp('decided_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('candidacy_assessments_patient_idx').on(t.patientId, t.decidedAt)],
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

export const followUps = pgTable(
  'follow_ups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id, { onDelete: 'cascade' }),
    procedureId: uuid('procedure_id')
      .notNull()
      .references(() => procedures.id, { onDelete: 'cascade' }),
    timepoint: followUpTimepoint('timepoint').notNull(),
    dueOn: date('due_on').notNull(),
    windowStart: date('window_start').notNull(),
    windowEnd: date('window_end').notNull(),
    assessedOn: date('assessed_on'),
    painNrs: integer('pain_nrs'),
    odi: integer('odi'),
    rmdq: integer('rmdq'),
    analgesicUse: analgesicUse('analgesic_use'),
    mobility: mobilityLevel('mobility'),
    newFracture: boolean('new_fracture'),
    kyphoticAngleDeg: numeric('kyphotic_angle_deg', { precision: 5, scale: 1, mode: 'number' }),
    note: text('note'),
    recordedBy: uuid('recorded_by').references(() => staff.id),
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // Created exactly once per procedure and timepoint, even on a double submit.
    uniqueIndex('follow_ups_procedure_timepoint_key').on(t.procedureId, t.timepoint),
    index('follow_ups_patient_idx').on(t.patientId, t.dueOn),
    // "Follow-ups due": open assessments by due date. The window's end as a key column lets the
    // scan skip closed windows and count in the index alone (at 1M patients the worklist took
    // 155 ms reading each of 47k due rows from the table).
    index('follow_ups_open_due_idx')
      .on(t.dueOn, t.id, t.windowEnd)
      .where(sql`${t.assessedOn} is null`),
    // Outcomes efficacy: the recorded pain scores at one timepoint (the baseline, the compared
    // one) without reading the rest; pain_nrs as a key column allows index-only scans.
    index('follow_ups_recorded_pain_idx')
      .on(t.timepoint, t.procedureId, t.painNrs)
      .where(sql`${t.assessedOn} is not null and ${t.painNrs} is not null`),
    check('follow_ups_pain_range', sql`${t.painNrs} between 0 and 10`),
    check('follow_ups_odi_range', sql`${t.odi} between 0 and 100`),
    check('follow_ups_rmdq_range', sql`${t.rmdq} between 0 and 24`),
  ],
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
    // The hash chain (migration 0014): set by the database's insert trigger, never by the app.
    chainSeq: bigint('chain_seq', { mode: 'number' }),
    chainHash: text('chain_hash'),
  },
  (t) => [
    index('audit_log_occurred_at_idx').on(t.occurredAt),
    uniqueIndex('audit_log_chain_seq_idx').on(t.chainSeq),
    index('audit_log_actor_idx').on(t.actorId, t.occurredAt),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    // The audit page's action and email filters, newest first (an email alone: failed sign-ins
    // have no actor id).
    index('audit_log_action_idx').on(t.action, t.occurredAt, t.id),
    index('audit_log_actor_email_idx').on(t.actorEmail, t.occurredAt, t.id),
  ],
)

// The audit chain's last row, locked by each insert into audit_log so writers take turns.
export const auditChainHead = pgTable(
  'audit_chain_head',
  {
    singleton: boolean('singleton').primaryKey().default(true),
    chainSeq: bigint('chain_seq', { mode: 'number' }).notNull(),
    chainHash: text('chain_hash').notNull(),
  },
  (t) => [check('audit_chain_head_singleton_check', sql`${t.singleton}`)],
)

// How far the chain was last found intact: the audit page verifies only the rows after it.
export const auditChainVerified = pgTable(
  'audit_chain_verified',
  {
    singleton: boolean('singleton').primaryKey().default(true),
    chainSeq: bigint('chain_seq', { mode: 'number' }).notNull(),
    chainHash: text('chain_hash').notNull(),
    verifiedAt: timestamp('verified_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('audit_chain_verified_singleton_check', sql`${t.singleton}`)],
)

// Sign-in attempts per client address in the last window (a timestamp each, in flight or
// failed), for throttling guessing spread over many accounts from one place.
export const signInThrottle = pgTable('sign_in_throttle', {
  clientAddress: text('client_address').primaryKey(),
  attemptedAt: timestamp('attempted_at', { withTimezone: true })
    .array()
    .notNull()
    .default(sql`'{}'`),
})

// Sign-in attempts per (email, client address): an attacker's failures lock only their own
// address out of the account. Keyed by the typed email, so unknown emails behave alike.
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    email: text('email').notNull(),
    clientAddress: text('client_address').notNull(),
    attemptedAt: timestamp('attempted_at', { withTimezone: true })
      .array()
      .notNull()
      .default(sql`'{}'`),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.email, t.clientAddress] })],
)

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
export type ProcedureType = (typeof procedureTypes)[number]
export type VertebralLevel = (typeof vertebralLevels)[number]
export type ImagingModality = (typeof imagingModalities)[number]
export type CandidacyDecision = (typeof candidacyDecisions)[number]
export type Fracture = typeof fractures.$inferSelect
export type NewFracture = typeof fractures.$inferInsert
export type ImagingOrder = typeof imagingOrders.$inferSelect
export type Procedure = typeof procedures.$inferSelect
export type TreatedLevel = typeof treatedLevels.$inferSelect
export type AdverseEvent = typeof adverseEvents.$inferSelect
export type FollowUp = typeof followUps.$inferSelect
export type FollowUpTimepoint = (typeof followUpTimepoints)[number]
export type Disposition = (typeof dispositions)[number]
export type OvernightReason = (typeof overnightReasons)[number]
export type AdverseEventCategory = (typeof adverseEventCategories)[number]

/**
 * Published reference values the outcome charts overlay, each labelled with its source
 * (docs/clinical-definitions.md#literature-benchmarks). Seeded by a migration; rates are stored as
 * proportions (0.87, not 87).
 */
export const literatureBenchmarks = pgTable(
  'literature_benchmarks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    source: text('source').notNull(),
    // Null when the value applies to every procedure type; non_surgical is a comparison arm.
    procedureType: text('procedure_type'),
    measure: text('measure').notNull(),
    // A follow-up timepoint name, or null for a value with no timepoint (e.g. a rate overall).
    timepoint: text('timepoint'),
    value: numeric('value', { mode: 'number' }).notNull(),
    note: text('note'),
  },
  (t) => [
    check(
      'literature_benchmarks_procedure_type',
      sql`${t.procedureType} in ('vertebroplasty', 'kyphoplasty', 'non_surgical')`,
    ),
    check(
      'literature_benchmarks_timepoint',
      sql`${t.timepoint} in ('baseline', 'h48', 'd7', 'm1', 'm3', 'm6', 'm12')`,
    ),
  ],
)

export type LiteratureBenchmark = typeof literatureBenchmarks.$inferSelect

// ---------------------------------------------------------------------------------------------
// Outcome rollups (docs/performance-targets.md#outcomes-aggregation): the outcome charts' counts
// and sums per completed procedure's performed day (in the time zone recorded in
// outcome_rollup_state), type, physician and patient etiology. Triggers keep them exact (migration
// outcome_rollup_triggers); nothing else writes them.

/** One row: the time zone the rollup's days are in (the app rebuilds when its own zone differs). */
export const outcomeRollupState = pgTable(
  'outcome_rollup_state',
  {
    id: boolean('id').primaryKey().default(true),
    timeZone: text('time_zone').notNull(),
    builtAt: timestamp('built_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('outcome_rollup_state_single_row', sql`${t.id}`)],
)

/** Follow-up scores by timepoint, and the efficacy pairs (that timepoint with the baseline). */
export const outcomeScores = pgTable(
  'outcome_scores',
  {
    day: date('day').notNull(),
    type: procedureType('type').notNull(),
    physicianId: uuid('physician_id').notNull(),
    etiology: etiology('etiology').notNull(),
    timepoint: followUpTimepoint('timepoint').notNull(),
    painN: integer('pain_n').notNull(),
    painSum: bigint('pain_sum', { mode: 'number' }).notNull(),
    painSumsq: bigint('pain_sumsq', { mode: 'number' }).notNull(),
    odiN: integer('odi_n').notNull(),
    odiSum: bigint('odi_sum', { mode: 'number' }).notNull(),
    odiSumsq: bigint('odi_sumsq', { mode: 'number' }).notNull(),
    // Procedures with a pain score at both the baseline and this timepoint, and of those the
    // responders (lib/outcomes/rules.ts) and the improvement (baseline − this) sums.
    pairedN: integer('paired_n').notNull(),
    responders: integer('responders').notNull(),
    improvementSum: bigint('improvement_sum', { mode: 'number' }).notNull(),
    improvementSumsq: bigint('improvement_sumsq', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({
      name: 'outcome_scores_pkey',
      columns: [t.day, t.type, t.physicianId, t.etiology, t.timepoint],
    }),
  ],
)

/** Completed procedures by disposition and overnight reason (volume, disposition, denominators). */
export const outcomeProcedureCounts = pgTable(
  'outcome_procedure_counts',
  {
    day: date('day').notNull(),
    type: procedureType('type').notNull(),
    physicianId: uuid('physician_id').notNull(),
    etiology: etiology('etiology').notNull(),
    disposition: disposition('disposition').notNull(),
    overnightReason: overnightReason('overnight_reason'),
    n: integer('n').notNull(),
  },
  (t) => [
    unique('outcome_procedure_counts_key')
      .on(t.day, t.type, t.physicianId, t.etiology, t.disposition, t.overnightReason)
      .nullsNotDistinct(),
  ],
)

/**
 * Treated levels with both angles, by 2° bin of correction (before − after); sums in tenths of a
 * degree, so they stay exact integers.
 */
export const outcomeKyphosisBins = pgTable(
  'outcome_kyphosis_bins',
  {
    day: date('day').notNull(),
    type: procedureType('type').notNull(),
    physicianId: uuid('physician_id').notNull(),
    etiology: etiology('etiology').notNull(),
    // The bin's lower edge in degrees: floor(correction / 2) · 2.
    binDeg: integer('bin_deg').notNull(),
    n: integer('n').notNull(),
    correctionTenthsSum: bigint('correction_tenths_sum', { mode: 'number' }).notNull(),
    correctionTenthsSumsq: bigint('correction_tenths_sumsq', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({
      name: 'outcome_kyphosis_bins_pkey',
      columns: [t.day, t.type, t.physicianId, t.etiology, t.binDeg],
    }),
  ],
)

/** Adverse events by category: events, procedures with one, symptomatic events. */
export const outcomeAdverseEventCounts = pgTable(
  'outcome_adverse_event_counts',
  {
    day: date('day').notNull(),
    type: procedureType('type').notNull(),
    physicianId: uuid('physician_id').notNull(),
    etiology: etiology('etiology').notNull(),
    category: adverseEventCategory('category').notNull(),
    events: integer('events').notNull(),
    // Distinct within the key; a procedure has one key, so these add up across keys exactly.
    procedures: integer('procedures').notNull(),
    symptomatic: integer('symptomatic').notNull(),
  },
  (t) => [
    primaryKey({
      name: 'outcome_adverse_event_counts_pkey',
      columns: [t.day, t.type, t.physicianId, t.etiology, t.category],
    }),
  ],
)

/** Patients by status, keyed as the pipeline filters them (referral date, not a procedure day). */
export const outcomePatientCounts = pgTable(
  'outcome_patient_counts',
  {
    referralDate: date('referral_date').notNull(),
    assignedPhysicianId: uuid('assigned_physician_id').notNull(),
    etiology: etiology('etiology').notNull(),
    plannedProcedure: procedureType('planned_procedure'),
    status: patientStatus('status').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [
    unique('outcome_patient_counts_key')
      .on(t.referralDate, t.assignedPhysicianId, t.etiology, t.plannedProcedure, t.status)
      .nullsNotDistinct(),
  ],
)

/** Writing transaction's id: each flush reads its own rows by index, never the dead ones. */
const queuedBy = () =>
  bigint('txid', { mode: 'number' })
    .notNull()
    .default(sql`txid_current()`)

/**
 * Left for a later flush by a bulk load (db/seed): every flush, and every read of the rollup,
 * applies such rows first. Set from the loading transaction's augment.outcome_rollup_defer.
 */
const deferredFlag = () =>
  boolean('deferred')
    .notNull()
    .default(sql`coalesce(current_setting('augment.outcome_rollup_defer', true), '') = 'on'`)

/**
 * Work for the commit-time flush, written by the base tables' statement triggers: procedures
 * whose figures may have changed (`created` when new), patients whose etiology changed, keys a
 * procedure left, or a full rebuild. The row with `flush` set fires the deferred trigger; a
 * flush deletes the rows it applies (its transaction's and any deferred ones).
 */
export const outcomeRollupQueue = pgTable(
  'outcome_rollup_queue',
  {
    txid: queuedBy(),
    deferred: deferredFlag(),
    flush: boolean('flush').notNull().default(false),
    rebuild: boolean('rebuild').notNull().default(false),
    procedureId: uuid('procedure_id'),
    // Inserted by this transaction: its sums are added rather than its key recomputed.
    created: boolean('created').notNull().default(false),
    patientId: uuid('patient_id'),
    // A key a completed procedure left (recomputed for every etiology).
    performedAt: timestamp('performed_at', { withTimezone: true }),
    type: procedureType('type'),
    physicianId: uuid('physician_id'),
  },
  (t) => [
    index('outcome_rollup_queue_txid_idx').on(t.txid),
    index('outcome_rollup_queue_deferred_idx')
      .on(t.txid)
      .where(sql`${t.deferred}`),
  ],
)

/** Changes to outcome_patient_counts (+1 / −1 per key), applied by the same flush. */
export const outcomePatientCountQueue = pgTable(
  'outcome_patient_count_queue',
  {
    txid: queuedBy(),
    deferred: deferredFlag(),
    referralDate: date('referral_date').notNull(),
    assignedPhysicianId: uuid('assigned_physician_id').notNull(),
    etiology: etiology('etiology').notNull(),
    plannedProcedure: procedureType('planned_procedure'),
    status: patientStatus('status').notNull(),
    delta: integer('delta').notNull(),
  },
  (t) => [
    index('outcome_patient_count_queue_txid_idx').on(t.txid),
    index('outcome_patient_count_queue_deferred_idx')
      .on(t.txid)
      .where(sql`${t.deferred}`),
  ],
)

/**
 * One row per create-form post (imaging order, adverse event): the form's server-made key, so a
 * second identical post of the same render writes nothing.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    key: uuid('key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.staffId, t.action, t.key] }),
    index('idempotency_keys_created_at_idx').on(t.createdAt),
  ],
)
