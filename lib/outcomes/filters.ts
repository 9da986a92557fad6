import { and, eq, gte, lte, type SQL } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import {
  procedureTypes,
  type Etiology,
  type FollowUpTimepoint,
  type ProcedureType,
} from '@/db/schema'

// The outcome filters (docs/clinical-definitions.md#outcome-filters) and the SQL conditions they
// become on the outcome rollup's tables.

/** A follow-up after the procedure: the responder rule compares one with the baseline. */
export type OutcomeTimepoint = Exclude<FollowUpTimepoint, 'baseline'>
export const DEFAULT_OUTCOME_TIMEPOINT: OutcomeTimepoint = 'm1'

/** The filters every chart shares; all apply to completed procedures. */
export interface OutcomeFilters {
  /** First performed date included (yyyy-mm-dd, the server's time zone). */
  from?: string
  /** Last performed date included (yyyy-mm-dd, the server's time zone). */
  to?: string
  type?: ProcedureType
  physicianId?: string
  /** The patient's etiology. */
  etiology?: Etiology
  /** Efficacy only: the follow-up the responder rule reads (default 1 month). */
  timepoint?: OutcomeTimepoint
}

/** The filters with the efficacy timepoint decided. */
export type ResolvedOutcomeFilters = OutcomeFilters & { timepoint: OutcomeTimepoint }

/** The key columns every procedure rollup table shares. */
interface RollupKey {
  day: PgColumn
  type: PgColumn
  physicianId: PgColumn
  etiology: PgColumn
}

/**
 * The completed procedures the filters select, as a condition on a rollup table. Its days are
 * performed dates in the server's time zone, as the procedure pages write them (set TZ to the
 * clinic's; db/client.ts rebuilds the rollup when the zone changes).
 */
export function rollupScope(table: RollupKey, filters: OutcomeFilters): SQL | undefined {
  return and(
    filters.from ? gte(table.day, filters.from) : undefined,
    filters.to ? lte(table.day, filters.to) : undefined,
    filters.type ? eq(table.type, filters.type) : undefined,
    filters.physicianId ? eq(table.physicianId, filters.physicianId) : undefined,
    filters.etiology ? eq(table.etiology, filters.etiology) : undefined,
  )
}

/** The key columns of the rollup of patients by status. */
interface PatientRollupKey {
  referralDate: PgColumn
  assignedPhysicianId: PgColumn
  etiology: PgColumn
  plannedProcedure: PgColumn
}

/**
 * The patients the filters select, read as the registry reads them: referral date in the range,
 * the assigned physician, the patient's etiology and the planned procedure type.
 */
export function patientScope(table: PatientRollupKey, filters: OutcomeFilters): SQL | undefined {
  return and(
    filters.from ? gte(table.referralDate, filters.from) : undefined,
    filters.to ? lte(table.referralDate, filters.to) : undefined,
    filters.physicianId ? eq(table.assignedPhysicianId, filters.physicianId) : undefined,
    filters.etiology ? eq(table.etiology, filters.etiology) : undefined,
    filters.type ? eq(table.plannedProcedure, filters.type) : undefined,
  )
}

/** The procedure types a chart shows: the filtered one, or both in their declared order. */
export const typesShown = (filters: OutcomeFilters): ProcedureType[] =>
  filters.type ? [filters.type] : [...procedureTypes]
