import { addDays, startOfDay, subDays } from 'date-fns'
import { and, asc, count, eq, gt, gte, isNull, lt, or } from 'drizzle-orm'
import type { Database } from '@/db/client'
import { patients, procedures, type ProcedureType } from '@/db/schema'
import { visibleTo } from '@/lib/commands/record-visibility'

export interface ProcedureWorklistRow {
  patientId: string
  firstName: string
  lastName: string
  mrn: string
  type: ProcedureType
  at: Date
  levels: string[]
}

const columns = {
  patientId: procedures.patientId,
  firstName: patients.firstName,
  lastName: patients.lastName,
  mrn: patients.mrn,
  type: procedures.type,
  levels: procedures.plannedLevels,
}

/** Procedures scheduled from today through the next 7 days, soonest first (pure SQL; callers authorize). */
export async function queryScheduledThisWeek(
  db: Database,
  now: Date,
  limit: number,
  viewerId: string,
) {
  const where = and(
    visibleTo(procedures.patientId, viewerId),
    eq(procedures.status, 'scheduled'),
    gte(procedures.scheduledAt, startOfDay(now)),
    lt(procedures.scheduledAt, addDays(startOfDay(now), 8)),
  )
  const [rows, [total]] = await Promise.all([
    db
      .select({ ...columns, at: procedures.scheduledAt })
      .from(procedures)
      .innerJoin(patients, eq(patients.id, procedures.patientId))
      .where(where)
      .orderBy(asc(procedures.scheduledAt), asc(procedures.id))
      .limit(limit),
    db.select({ n: count() }).from(procedures).where(where),
  ])
  return { rows: rows satisfies ProcedureWorklistRow[], total: total?.n ?? 0 }
}

/**
 * The overnight census: patients kept for observation after a procedure since yesterday who
 * have not been discharged yet.
 */
export async function queryOvernightTonight(
  db: Database,
  now: Date,
  limit: number,
  viewerId: string,
) {
  const where = and(
    visibleTo(procedures.patientId, viewerId),
    eq(procedures.status, 'completed'),
    eq(procedures.disposition, 'overnight'),
    gte(procedures.performedAt, startOfDay(subDays(now, 1))),
    or(isNull(procedures.dischargedAt), gt(procedures.dischargedAt, now)),
  )
  const [rows, [total]] = await Promise.all([
    db
      .select({ ...columns, at: procedures.performedAt })
      .from(procedures)
      .innerJoin(patients, eq(patients.id, procedures.patientId))
      .where(where)
      .orderBy(asc(procedures.performedAt), asc(procedures.id))
      .limit(limit),
    db.select({ n: count() }).from(procedures).where(where),
  ])
  return { rows: rows.map((row) => ({ ...row, at: row.at! })), total: total?.n ?? 0 }
}
