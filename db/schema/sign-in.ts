import { sql } from 'drizzle-orm'
import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'

// Sign-in attempts per client address in the last window (a timestamp each, in flight or
// failed), for throttling guessing spread over many accounts from one place.
export const signInThrottle = pgTable('sign_in_throttle', {
  clientAddress: text('client_address').primaryKey(),
  attemptedAt: timestamp('attempted_at', { withTimezone: true })
    .array()
    .notNull()
    .default(sql`'{}'`),
})

// Sign-in attempts per (email, client address): an attacker's failures lock only their own
// address out of the account. Keyed by the typed email, so unknown emails behave alike.
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    email: text('email').notNull(),
    clientAddress: text('client_address').notNull(),
    attemptedAt: timestamp('attempted_at', { withTimezone: true })
      .array()
      .notNull()
      .default(sql`'{}'`),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.email, t.clientAddress] })],
)
