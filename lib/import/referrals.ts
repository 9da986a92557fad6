import 'server-only'
import { and, eq, inArray } from 'drizzle-orm'
import { getDb, type Database } from '@/db/client'
import { databaseErrorDetail } from '@/db/query-errors'
import { patients, staff } from '@/db/schema'
import { writeAudit } from '@/lib/audit'
import { requestAddress } from '@/lib/auth'
import { CLINICAL_ROLES, requireRole } from '@/lib/auth/session'
import { violatedUniqueConstraint } from '@/lib/db-errors'
import { insertReferredPatients } from '@/lib/candidates/mutations'
import { activePhysicianIds } from '@/lib/commands/patient'
import {
  formatCount,
  importFailed,
  type ImportError,
  type ImportOutcome,
  type ImportProgress,
} from './protocol'
import { checkReferralsCsv, sortImportErrors, type MrnLine, type ValidReferral } from './validate'

export interface ReferralsUpload {
  fileName: string
  text: string
}

type ProgressListener = (progress: ImportProgress) => void | Promise<void>

// Big enough to keep statements few, small enough for visible progress and bind-parameter limits.
const MRN_LOOKUP_CHUNK = 5_000
const WRITE_CHUNK = 1_000

/**
 * Imports a referrals CSV all-or-nothing: every row is checked (fields, physician, MRNs repeated
 * in the file or already stored) and either every row is inserted in one transaction, or
 * nothing is and the outcome lists the errors.
 */
export async function importReferrals(
  upload: ReferralsUpload,
  onProgress: ProgressListener = () => {},
): Promise<ImportOutcome> {
  const me = await requireRole(...CLINICAL_ROLES)
  const ipAddress = await requestAddress()
  const db = await getDb()

  // 1. Everything that needs no lock: parse, validate, resolve physicians, find stored MRNs.
  await onProgress({ phase: 'reading' })
  const check = await checkReferralsCsv(upload.text, {
    physicianIdByEmail: await activePhysiciansByEmail(db),
    onProgress,
  })
  if (check.kind === 'refused') return importFailed(check.message, check.errors)
  await onProgress({ phase: 'checking', total: check.mrns.length })
  // Rows with other errors are looked up too: the report should list all that needs fixing.
  const errors = [...check.errors, ...(await alreadyStored(db, check.mrns))]
  if (errors.length > 0) return rowErrorsOutcome(sortImportErrors(errors))

  // 2. One transaction: a failure anywhere (a raced MRN, a lost connection) writes nothing.
  const rows = check.rows
  await onProgress({ phase: 'writing', done: 0, total: rows.length })
  try {
    return await db.transaction(async (tx) => {
      const physicianIds = rows.map((row) => row.fields.assignedPhysicianId)
      const stillActive = await activePhysicianIds(tx, physicianIds)
      const deactivated = rows.filter((row) => !stillActive.has(row.fields.assignedPhysicianId))
      if (deactivated.length > 0) {
        return rowErrorsOutcome(
          deactivated.map((row) => ({
            line: row.line,
            column: 'assigned_physician_email',
            message: 'This physician was deactivated while the file was importing',
          })),
        )
      }
      for (let i = 0; i < rows.length; i += WRITE_CHUNK) {
        const chunk = rows.slice(i, i + WRITE_CHUNK).map((row) => row.fields)
        await insertReferredPatients(tx, chunk, me, ipAddress, 'import')
        await onProgress({ phase: 'writing', done: i + chunk.length, total: rows.length })
      }
      await writeAudit(tx, {
        action: 'patient.import',
        entityType: 'patient',
        entityId: null,
        actorId: me.id,
        actorEmail: me.email,
        ipAddress,
        // Counts and the file's name only: the rows' PHI is in the per-patient rows' history.
        details: { rows: rows.length, fileName: upload.fileName },
      })
      return { phase: 'done' as const, imported: rows.length }
    })
  } catch (error) {
    if (violatedUniqueConstraint(error) !== 'patients_mrn_key') throw error
    return racedMrnOutcome(error, rows)
  }
}

async function activePhysiciansByEmail(db: Database): Promise<Map<string, string>> {
  const physicians = await db
    .select({ id: staff.id, email: staff.email })
    .from(staff)
    .where(and(eq(staff.role, 'physician'), eq(staff.active, true)))
  return new Map(physicians.map((physician) => [physician.email.toLowerCase(), physician.id]))
}

/** Lines whose MRN a stored patient already has: reported, never overwritten. */
async function alreadyStored(db: Database, mrnLines: readonly MrnLine[]): Promise<ImportError[]> {
  const stored = new Set<string>()
  for (let i = 0; i < mrnLines.length; i += MRN_LOOKUP_CHUNK) {
    const mrns = mrnLines.slice(i, i + MRN_LOOKUP_CHUNK).map((entry) => entry.mrn)
    const found = await db
      .select({ mrn: patients.mrn })
      .from(patients)
      .where(inArray(patients.mrn, mrns))
    for (const { mrn } of found) stored.add(mrn)
  }
  return mrnLines
    .filter((entry) => stored.has(entry.mrn))
    .map((entry) => ({
      line: entry.line,
      column: 'mrn',
      message: `A patient with MRN ${entry.mrn} already exists`,
    }))
}

function rowErrorsOutcome(errors: ImportError[]): ImportOutcome {
  const count = errors.length
  return importFailed(
    `${formatCount(count)} ${count === 1 ? 'error' : 'errors'} found: nothing was imported. ` +
      'Correct the file and import it again.',
    errors,
  )
}

/** Someone stored one of the file's MRNs between the check and the write. */
function racedMrnOutcome(error: unknown, rows: readonly ValidReferral[]): ImportOutcome {
  const mrn = duplicateKeyValue(error)
  const row = mrn ? rows.find((candidate) => candidate.fields.mrn === mrn) : undefined
  const message =
    'Someone else added a patient with one of these MRNs while the file was importing: ' +
    'nothing was imported.'
  return importFailed(
    message,
    row
      ? [
          {
            line: row.line,
            column: 'mrn',
            message: `A patient with MRN ${mrn} was added while the file was importing`,
          },
        ]
      : [],
  )
}

/** The value in PostgreSQL's "Key (mrn)=(X) already exists." detail, if the error carries it. */
function duplicateKeyValue(error: unknown): string | null {
  const detail = databaseErrorDetail(error)
  return detail ? (/\(mrn\)=\((.*)\) already exists/.exec(detail)?.[1] ?? null) : null
}
