import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { DatabaseContents, RestoreResult } from '@/db/backup'
import type { Executor } from '@/db/client'
import { writeAudit } from '@/lib/audit'

const counts = (contents: DatabaseContents) => ({
  tables: contents.tables,
  rows: contents.rows,
  ...contents.data,
})

/**
 * The audit row a restore appends, after the restored rows. The backup carries its audit rows
 * with their chain positions and hashes and its chain head, so this row continues the backup's
 * chain: the chain verifies, and rows written after the backup was taken are gone from it (this
 * row says which backup replaced what, and when).
 */
export async function auditRestore(
  db: Executor,
  file: string,
  result: RestoreResult,
): Promise<void> {
  const stat = fs.statSync(file)
  await writeAudit(db, {
    action: 'audit.restored',
    entityType: 'database',
    entityId: null,
    actorId: null,
    actorEmail: null,
    ipAddress: null,
    details: {
      file: path.resolve(file),
      fileModifiedAt: stat.mtime.toISOString(),
      fileBytes: stat.size,
      backend: result.kind,
      restored: counts(result.contents),
      replaced: result.replaced ? counts(result.replaced) : null,
      osUser: os.userInfo().username,
    },
  })
}
