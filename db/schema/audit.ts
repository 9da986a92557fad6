import { sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'

// Append-only: a trigger in the migrations rejects UPDATE, DELETE and TRUNCATE.
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull().defaultNow(),
    // No foreign key: the log must outlive and never block changes to the rows it describes.
    actorId: uuid('actor_id'),
    actorEmail: text('actor_email'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    ipAddress: text('ip_address'),
    // Names of changed fields and other context; never passwords or hashes.
    details: jsonb('details').$type<Record<string, unknown>>(),
    // The hash chain (migration 0014): set by the database's insert trigger, never by the app.
    chainSeq: bigint('chain_seq', { mode: 'number' }),
    chainHash: text('chain_hash'),
  },
  (t) => [
    index('audit_log_occurred_at_idx').on(t.occurredAt),
    uniqueIndex('audit_log_chain_seq_idx').on(t.chainSeq),
    index('audit_log_actor_idx').on(t.actorId, t.occurredAt),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    // The audit page's action and email filters, newest first (an email alone: failed sign-ins
    // have no actor id).
    index('audit_log_action_idx').on(t.action, t.occurredAt, t.id),
    index('audit_log_actor_email_idx').on(t.actorEmail, t.occurredAt, t.id),
  ],
)

// The audit chain's last row, locked by each insert into audit_log so writers take turns.
export const auditChainHead = pgTable(
  'audit_chain_head',
  {
    singleton: boolean('singleton').primaryKey().default(true),
    chainSeq: bigint('chain_seq', { mode: 'number' }).notNull(),
    chainHash: text('chain_hash').notNull(),
  },
  (t) => [check('audit_chain_head_singleton_check', sql`${t.singleton}`)],
)

// How far the chain was last found intact: the audit page verifies only the rows after it.
export const auditChainVerified = pgTable(
  'audit_chain_verified',
  {
    singleton: boolean('singleton').primaryKey().default(true),
    chainSeq: bigint('chain_seq', { mode: 'number' }).notNull(),
    chainHash: text('chain_hash').notNull(),
    verifiedAt: timestamp('verified_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('audit_chain_verified_singleton_check', sql`${t.singleton}`)],
)

export type NewAuditEntry = typeof auditLog.$inferInsert
