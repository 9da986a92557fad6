import { index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core'
import { staff } from './staff'
import { createdAt } from './timestamps'

/**
 * One row per create-form post (imaging order, adverse event): the form's server-made key, so a
 * second identical post of the same render writes nothing.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staff.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    key: uuid('key').notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.staffId, t.action, t.key] }),
    index('idempotency_keys_created_at_idx').on(t.createdAt),
  ],
)
