import { sql } from 'drizzle-orm'
import {
  boolean,
  check,
  date,
  integer,
  numeric,
  pgTable,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { fractureMorphology, triState, vertebralLevel } from './enums'
import { patients } from './patients'
import { createdAt, updatedAt } from './timestamps'

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

export type Fracture = typeof fractures.$inferSelect
export type NewFracture = typeof fractures.$inferInsert
