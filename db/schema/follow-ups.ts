import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { analgesicUse, followUpTimepoint, mobilityLevel } from './enums'
import { patients } from './patients'
import { procedures } from './procedures'
import { staff } from './staff'
import { createdAt, updatedAt } from './timestamps'

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

export type FollowUp = typeof followUps.$inferSelect
