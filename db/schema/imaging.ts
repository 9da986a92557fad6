import { sql } from 'drizzle-orm'
import { date, index, pgTable, text, uuid } from 'drizzle-orm/pg-core'
import { imagingModality } from './enums'
import { patients } from './patients'
import { staff } from './staff'
import { createdAt, updatedAt } from './timestamps'

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

export type ImagingOrder = typeof imagingOrders.$inferSelect
