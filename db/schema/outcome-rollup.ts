import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core'
import {
  adverseEventCategory,
  disposition,
  etiology,
  followUpTimepoint,
  overnightReason,
  patientStatus,
  procedureType,
} from './enums'

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
