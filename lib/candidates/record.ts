import 'server-only'
import { and, asc, desc, eq, isNull } from 'drizzle-orm'
import { alias } from 'drizzle-orm/pg-core'
import { notFound, redirect } from 'next/navigation'
import { z } from 'zod'
import { getDb, type Database } from '@/db/client'
import {
  adverseEvents,
  auditLog,
  candidacyAssessments,
  followUps,
  procedures,
  treatedLevels,
  fractures,
  imagingOrders,
  patients,
  patientStatusEvents,
  staff,
} from '@/db/schema'
import { writeAudit } from '@/lib/audit'
import { requestAddress } from '@/lib/auth'
import { CLINICAL_ROLES, requireRole, type CurrentStaff } from '@/lib/auth/session'
import { ageOn } from '@/lib/dates'
import { formValues } from './mutations'
import { accessEventReasons, recordAccess, restrictionSummary } from './restricted-access'
import { auditRestrictedRefusal } from '@/lib/commands/restricted-refusal'

const physician = alias(staff, 'physician')
const actor = alias(staff, 'actor')

/**
 * Everything the record page shows, read in parallel, plus the `patient.view` audit row that
 * every opening of a record writes.
 */
export async function getPatientRecord(id: string) {
  const me = await requireRole(...CLINICAL_ROLES)
  if (!z.uuid().safeParse(id).success) notFound()
  const db = await getDb()
  const access = await openRecordOrRefuse(db, me, id)
  const [
    [patient],
    fractureRows,
    imagingRows,
    [assessment],
    events,
    audits,
    procedureRows,
    levelRows,
    eventRows,
    followUpRows,
  ] = await Promise.all([
    db
      .select({ patient: patients, physicianName: physician.name })
      .from(patients)
      .innerJoin(physician, eq(physician.id, patients.assignedPhysicianId))
      .where(eq(patients.id, id)),
    db
      .select()
      .from(fractures)
      .where(and(eq(fractures.patientId, id), isNull(fractures.removedAt)))
      .orderBy(asc(fractures.level)),
    db
      .select()
      .from(imagingOrders)
      .where(eq(imagingOrders.patientId, id))
      .orderBy(desc(imagingOrders.orderedOn), desc(imagingOrders.createdAt)),
    db
      .select({ assessment: candidacyAssessments, physicianName: physician.name })
      .from(candidacyAssessments)
      .innerJoin(physician, eq(physician.id, candidacyAssessments.physicianId))
      .where(eq(candidacyAssessments.patientId, id))
      .orderBy(desc(candidacyAssessments.decidedAt))
      .limit(1),
    db
      .select({ event: patientStatusEvents, actorName: actor.name })
      .from(patientStatusEvents)
      .leftJoin(actor, eq(actor.id, patientStatusEvents.actorId))
      .where(eq(patientStatusEvents.patientId, id))
      .orderBy(desc(patientStatusEvents.occurredAt), desc(patientStatusEvents.id)),
    db
      .select({
        id: auditLog.id,
        occurredAt: auditLog.occurredAt,
        action: auditLog.action,
        actorEmail: auditLog.actorEmail,
        details: auditLog.details,
      })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'patient'), eq(auditLog.entityId, id)))
      .orderBy(desc(auditLog.id))
      .limit(100),
    db
      .select({ procedure: procedures, physicianName: physician.name })
      .from(procedures)
      .innerJoin(physician, eq(physician.id, procedures.physicianId))
      .where(eq(procedures.patientId, id))
      .orderBy(desc(procedures.scheduledAt)),
    db
      .select({ level: treatedLevels })
      .from(treatedLevels)
      .innerJoin(procedures, eq(procedures.id, treatedLevels.procedureId))
      .where(eq(procedures.patientId, id))
      .orderBy(asc(treatedLevels.level)),
    db
      .select()
      .from(adverseEvents)
      .where(eq(adverseEvents.patientId, id))
      .orderBy(asc(adverseEvents.detectedOn)),
    db.select().from(followUps).where(eq(followUps.patientId, id)).orderBy(asc(followUps.dueOn)),
  ])
  if (!patient) notFound()
  await auditView(db, me, id, access.kind === 'break_glass' ? { breakGlass: true } : undefined)
  const row = patient.patient
  const reasonOf = await accessEventReasons(db, id)
  return {
    me,
    access,
    restriction: await restrictionSummary(db, id),
    patient: {
      ...row,
      fullName: `${row.firstName} ${row.lastName}`,
      age: ageOn(row.dateOfBirth),
      physicianName: patient.physicianName,
    },
    fractures: fractureRows,
    imaging: imagingRows,
    assessment: assessment
      ? { ...assessment.assessment, physicianName: assessment.physicianName }
      : null,
    procedures: procedureRows.map(({ procedure, physicianName }) => ({
      ...procedure,
      physicianName,
      treatedLevels: levelRows
        .map((row) => row.level)
        .filter((level) => level.procedureId === procedure.id),
      adverseEvents: eventRows.filter((event) => event.procedureId === procedure.id),
    })),
    followUps: followUpRows,
    statusEvents: events.map(({ event, actorName }) => ({
      ...event,
      actorName: actorName ?? 'System',
    })),
    auditEntries: audits.map((entry) => ({ ...entry, reason: reasonOf(entry) })),
  }
}
export type PatientRecord = Awaited<ReturnType<typeof getPatientRecord>>

/** The edit form's starting values; opening the form is a read of the record, audited as one. */
export async function getPatientForEdit(id: string) {
  const me = await requireRole(...CLINICAL_ROLES)
  if (!z.uuid().safeParse(id).success) notFound()
  const db = await getDb()
  const access = await openRecordOrRefuse(db, me, id)
  const [row] = await db.select().from(patients).where(eq(patients.id, id))
  if (!row) notFound()
  await auditView(db, me, id, {
    form: 'edit',
    ...(access.kind === 'break_glass' ? { breakGlass: true } : {}),
  })
  return {
    values: formValues(row),
    fullName: `${row.firstName} ${row.lastName}`,
    assignedPhysicianId: row.assignedPhysicianId,
  }
}

/**
 * The viewer's access to a record they are opening. A restricted record they may not see is
 * refused (audited as such, never as an opening) and sends them to the "Restricted record" page.
 */
async function openRecordOrRefuse(db: Database, me: CurrentStaff, id: string) {
  const access = await recordAccess(db, me.id, id)
  if (access.kind === 'missing') notFound()
  if (access.kind === 'restricted') {
    await auditRestrictedRefusal(db, me, id)
    redirect(`/candidates/${id}/restricted`)
  }
  return access
}

/** Every read of a patient record is audited. */
async function auditView(
  db: Database,
  me: CurrentStaff,
  patientId: string,
  details?: Record<string, unknown>,
) {
  await writeAudit(db, {
    action: 'patient.view',
    entityType: 'patient',
    entityId: patientId,
    actorId: me.id,
    actorEmail: me.email,
    ipAddress: await requestAddress(),
    details,
  })
}

/**
 * For the "Restricted record" page: whether the member may open the record now (`open`), may
 * only break the glass (`restricted`), or it does not exist. Reads nothing of the patient.
 */
export async function restrictedRecordState(
  id: string,
): Promise<'open' | 'restricted' | 'missing'> {
  const me = await requireRole(...CLINICAL_ROLES)
  if (!z.uuid().safeParse(id).success) return 'missing'
  const access = await recordAccess(await getDb(), me.id, id)
  if (access.kind === 'missing' || access.kind === 'restricted') return access.kind
  return 'open'
}
