import { timestamp } from 'drizzle-orm/pg-core'

// Creation and last-change times, as most tables carry them.
export const createdAt = () =>
  timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
export const updatedAt = () =>
  timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
