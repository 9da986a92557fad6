import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { candidacyDecision, procedureType } from './enums'
import { patients } from './patients'
import { staff } from './staff'

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
