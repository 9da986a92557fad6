import { sql } from 'drizzle-orm'
import { check, numeric, pgTable, text, uuid } from 'drizzle-orm/pg-core'

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
