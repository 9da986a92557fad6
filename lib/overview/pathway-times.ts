import { sql } from 'drizzle-orm'
import type { Database } from '@/db/client'

/** A median number of days and how many patients or procedures it is over. */
export interface MedianDays {
  days: number | null
  n: number
}

export interface PathwayTimes {
  /** From referral to the candidacy decision, for decisions in the window. */
  referralToDecision: MedianDays
  /** From the decision to the procedure, for procedures performed in the window. */
  decisionToProcedure: MedianDays
}

/** How far back the pathway times look. */
export const PATHWAY_WINDOW_DAYS = 90

const median = (row: { days: unknown; n: unknown } | undefined): MedianDays => ({
  days: row?.days === null || row?.days === undefined ? null : Number(row.days),
  n: Number(row?.n ?? 0),
})

// A candidacy decision is the move out of evaluation to one of its outcomes (the decision form
// makes it; a manual move counts too): its status event, read by patient_status_events_to_status_idx.
const DECIDED = sql`e.from_status = 'evaluation' and e.to_status in ('candidate', 'not_candidate', 'resolved_conservatively')`

/**
 * Median days referral → decision (each patient's latest decision in the last 90 days) and
 * decision → procedure (each procedure performed in the last 90 days, from the patient's latest
 * decision before it), in calendar days of the clinic (database sessions run in its zone).
 * The whole clinic, restricted records included, as the outcome charts count them: a median
 * names no one. Pure SQL; callers authorize.
 */
export async function queryPathwayTimes(db: Database, now: Date): Promise<PathwayTimes> {
  const since = new Date(now.getTime() - PATHWAY_WINDOW_DAYS * 86_400_000)
  const rows = (result: unknown) => (result as { rows: { days: unknown; n: unknown }[] }).rows
  const [toDecision, toProcedure] = await Promise.all([
    db.execute(sql`
      select percentile_cont(0.5) within group (order by decided::date - referral_date) as days,
             count(*) as n
      from (
        select distinct on (e.patient_id) e.occurred_at as decided, p.referral_date
        from patient_status_events e
        join patients p on p.id = e.patient_id
        where ${DECIDED} and e.occurred_at >= ${since} and e.occurred_at <= ${now}
        order by e.patient_id, e.occurred_at desc
      ) latest`),
    db.execute(sql`
      select percentile_cont(0.5) within group (order by pr.performed_at::date - d.decided::date)
               as days,
             count(*) as n
      from procedures pr
      join lateral (
        select e.occurred_at as decided from patient_status_events e
        where e.patient_id = pr.patient_id and ${DECIDED} and e.occurred_at <= pr.performed_at
        order by e.occurred_at desc limit 1
      ) d on true
      where pr.status = 'completed' and pr.performed_at >= ${since} and pr.performed_at <= ${now}`),
  ])
  return {
    referralToDecision: median(rows(toDecision)[0]),
    decisionToProcedure: median(rows(toProcedure)[0]),
  }
}
