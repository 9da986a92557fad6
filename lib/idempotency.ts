import 'server-only'
import { sql } from 'drizzle-orm'
import type { Executor } from '@/db/client'
import { idempotencyKeys } from '@/db/schema'

// A form that creates a row carries a key made on the server when the form rendered. Two
// identical posts of one render (a double click, a retried request) carry the same key: the
// first stores it in the write's own transaction, the second finds it taken (waiting for the
// first to commit, on the primary key) and writes nothing.

export type IdempotentAction = 'imaging.order' | 'adverse_event.record'

/**
 * Claims `key` for this member and action inside the transaction `tx`; false when an earlier
 * post of the same form already claimed it (its write is the one that counts).
 */
export async function claimFormKey(
  tx: Executor,
  staffId: string,
  action: IdempotentAction,
  key: string,
): Promise<boolean> {
  await forgetOldFormKeys(tx)
  const claimed = await tx
    .insert(idempotencyKeys)
    .values({ staffId, action, key })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key })
  return claimed.length === 1
}

/** Keys older than a day are of no use (no one resubmits a form that old): cleared on write. */
async function forgetOldFormKeys(tx: Executor): Promise<void> {
  await tx
    .delete(idempotencyKeys)
    .where(sql`${idempotencyKeys.createdAt} < now() - interval '1 day'`)
}
