import { sql } from 'drizzle-orm'
import type { Database } from '@/db/client'
import type { FollowUpTimepoint, ProcedureType } from '@/db/schema'
import { DEFAULT_OUTCOME_TIMEPOINT } from '@/lib/outcomes/filters'
import { scoreCharts, type ScoreRow } from '@/lib/outcomes/summaries'
import { isResponder } from '@/lib/outcomes/rules'

// The efficacy, pain and ODI charts computed the naive way: every assessed follow-up of a
// completed procedure loaded into JavaScript and summed there. The benchmark times it against
// the SQL the page runs (SQL at least 5× faster: docs/performance-targets.md#outcomes-aggregation)
// and checks both give the same charts, which also checks the rollup against the base rows at the
// benchmark's scale.

interface AssessmentRow {
  type: ProcedureType
  procedure_id: string
  timepoint: FollowUpTimepoint
  pain_nrs: number | null
  odi: number | null
}

export async function scoreChartsInJavaScript(db: Database) {
  const { rows } = (await db.execute(sql`
    select p.type, f.procedure_id, f.timepoint, f.pain_nrs, f.odi
    from follow_ups f join procedures p on p.id = f.procedure_id
    where p.status = 'completed' and f.assessed_on is not null
      and (f.pain_nrs is not null or f.odi is not null)`)) as unknown as { rows: AssessmentRow[] }

  const baselines = new Map<string, number>()
  for (const row of rows) {
    if (row.timepoint === 'baseline' && row.pain_nrs !== null)
      baselines.set(row.procedure_id, row.pain_nrs)
  }
  const sums = new Map<string, ScoreRow>()
  for (const row of rows) {
    const key = `${row.type}/${row.timepoint}`
    let entry = sums.get(key)
    if (!entry) {
      entry = {
        type: row.type,
        timepoint: row.timepoint,
        pain_n: 0,
        pain_sum: 0,
        pain_sumsq: 0,
        odi_n: 0,
        odi_sum: 0,
        odi_sumsq: 0,
        paired_n: 0,
        responders: 0,
        improvement_sum: 0,
        improvement_sumsq: 0,
      }
      sums.set(key, entry)
    }
    if (row.odi !== null) {
      entry.odi_n += 1
      entry.odi_sum += row.odi
      entry.odi_sumsq += row.odi * row.odi
    }
    if (row.pain_nrs === null) continue
    entry.pain_n += 1
    entry.pain_sum += row.pain_nrs
    entry.pain_sumsq += row.pain_nrs * row.pain_nrs
    const baseline = baselines.get(row.procedure_id)
    if (baseline === undefined) continue
    const improvement = baseline - row.pain_nrs
    entry.paired_n += 1
    entry.responders += isResponder(baseline, row.pain_nrs) ? 1 : 0
    entry.improvement_sum += improvement
    entry.improvement_sumsq += improvement * improvement
  }
  return scoreCharts([...sums.values()], { timepoint: DEFAULT_OUTCOME_TIMEPOINT })
}
