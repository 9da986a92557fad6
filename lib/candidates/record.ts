import 'server-only'
import { and, asc, desc, eq, isNull, ne, or, sql } from 'drizzle-orm'
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
import { amendmentsOf } from '@/lib/procedures/amendment'
import { formValues } from './mutations'
import type { PatientRecord } from './record-model'
import { accessEventReasons, recordAccess, restrictionSummary } from './restricted-access'
import { auditRestrictedRefusal } from '@/lib/commands/restricted-refusal'

const physician = alias(staff, 'physician')
const actor = alias(staff, 'actor')

const patientColumns = {
  id: patients.id,
  mrn: patients.mrn,
  firstName: patients.firstName,
  lastName: patients.lastName,
  dateOfBirth: patients.dateOfBirth,
  sex: patients.sex,
  phone: patients.phone,
  etiology: patients.etiology,
  status: patients.status,
  plannedProcedure: patients.plannedProcedure,
  referralDate: patients.referralDate,
  referringPhysician: patients.referringPhysician,
  painOnsetDate: patients.painOnsetDate,
  assignedPhysicianId: patients.assignedPhysicianId,
  physicianName: physician.name,
  version: patients.version,
}

const fractureColumns = {
  id: fractures.id,
  level: fractures.level,
  diagnosedOn: fractures.diagnosedOn,
  heightLossPct: fractures.heightLossPct,
  morphology: fractures.morphology,
  fractureAgeWeeks: fractures.fractureAgeWeeks,
  mriEdema: fractures.mriEdema,
  kyphoticAngleDeg: fractures.kyphoticAngleDeg,
  posteriorWallInvolved: fractures.posteriorWallInvolved,
  retropulsion: fractures.retropulsion,
  version: fractures.version,
}

const imagingColumns = {
  id: imagingOrders.id,
  modality: imagingOrders.modality,
  orderedOn: imagingOrders.orderedOn,
  completedOn: imagingOrders.completedOn,
  finding: imagingOrders.finding,
}

const assessmentColumns = {
  decision: candidacyAssessments.decision,
  plannedProcedure: candidacyAssessments.plannedProcedure,
  checklist: candidacyAssessments.checklist,
  reason: candidacyAssessments.reason,
  justification: candidacyAssessments.justification,
  decidedAt: candidacyAssessments.decidedAt,
  physicianName: physician.name,
}

const procedureColumns = {
  id: procedures.id,
  type: procedures.type,
  status: procedures.status,
  scheduledAt: procedures.scheduledAt,
  durationMinutes: procedures.durationMinutes,
  performedAt: procedures.performedAt,
  physicianId: procedures.physicianId,
  physicianName: physician.name,
  anesthesia: procedures.anesthesia,
  approach: procedures.approach,
  plannedLevels: procedures.plannedLevels,
  cement: procedures.cement,
  cancelReason: procedures.cancelReason,
  disposition: procedures.disposition,
  overnightReason: procedures.overnightReason,
  dischargedAt: procedures.dischargedAt,
  version: procedures.version,
}

const treatedLevelColumns = {
  procedureId: treatedLevels.procedureId,
  id: treatedLevels.id,
  level: treatedLevels.level,
  cementVolumeMl: treatedLevels.cementVolumeMl,
  kyphoticAngleBeforeDeg: treatedLevels.kyphoticAngleBeforeDeg,
  kyphoticAngleAfterDeg: treatedLevels.kyphoticAngleAfterDeg,
  heightRestoredPct: treatedLevels.heightRestoredPct,
}

const adverseEventColumns = {
  procedureId: adverseEvents.procedureId,
  id: adverseEvents.id,
  category: adverseEvents.category,
  leakageType: adverseEvents.leakageType,
  leakageLocation: adverseEvents.leakageLocation,
  symptomatic: adverseEvents.symptomatic,
  detectedOn: adverseEvents.detectedOn,
  note: adverseEvents.note,
}

const followUpColumns = {
  id: followUps.id,
  timepoint: followUps.timepoint,
  dueOn: followUps.dueOn,
  windowStart: followUps.windowStart,
  windowEnd: followUps.windowEnd,
  assessedOn: followUps.assessedOn,
  painNrs: followUps.painNrs,
  odi: followUps.odi,
  analgesicUse: followUps.analgesicUse,
  mobility: followUps.mobility,
  version: followUps.version,
}

const statusEventColumns = {
  id: patientStatusEvents.id,
  fromStatus: patientStatusEvents.fromStatus,
  toStatus: patientStatusEvents.toStatus,
  note: patientStatusEvents.note,
  occurredAt: patientStatusEvents.occurredAt,
  actorName: actor.name,
}

/** Rows grouped by their procedure, without the id they were grouped by. */
function byProcedure<Row extends { procedureId: string }>(rows: Row[]) {
  const groups = new Map<string, Omit<Row, 'procedureId'>[]>()
  for (const { procedureId, ...row } of rows) {
    groups.set(procedureId, [...(groups.get(procedureId) ?? []), row])
  }
  return (id: string) => groups.get(id) ?? []
}

/**
 * Everything the record page shows, read in parallel, plus the `patient.view` audit row that
 * every opening of a record writes.
 */
export async function getPatientRecord(id: string): Promise<PatientRecord> {
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
      .select(patientColumns)
      .from(patients)
      .innerJoin(physician, eq(physician.id, patients.assignedPhysicianId))
      .where(eq(patients.id, id)),
    db
      .select(fractureColumns)
      .from(fractures)
      .where(and(eq(fractures.patientId, id), isNull(fractures.removedAt)))
      .orderBy(asc(fractures.level)),
    db
      .select(imagingColumns)
      .from(imagingOrders)
      .where(eq(imagingOrders.patientId, id))
      .orderBy(desc(imagingOrders.orderedOn), desc(imagingOrders.createdAt)),
    db
      .select(assessmentColumns)
      .from(candidacyAssessments)
      .innerJoin(physician, eq(physician.id, candidacyAssessments.physicianId))
      .where(eq(candidacyAssessments.patientId, id))
      .orderBy(desc(candidacyAssessments.decidedAt))
      .limit(1),
    db
      .select(statusEventColumns)
      .from(patientStatusEvents)
      .leftJoin(actor, eq(actor.id, patientStatusEvents.actorId))
      .where(eq(patientStatusEvents.patientId, id))
      .orderBy(desc(patientStatusEvents.occurredAt), desc(patientStatusEvents.id)),
    recordTrail(db, id),
    db
      .select(procedureColumns)
      .from(procedures)
      .innerJoin(physician, eq(physician.id, procedures.physicianId))
      .where(eq(procedures.patientId, id))
      .orderBy(desc(procedures.scheduledAt)),
    db
      .select(treatedLevelColumns)
      .from(treatedLevels)
      .innerJoin(procedures, eq(procedures.id, treatedLevels.procedureId))
      .where(eq(procedures.patientId, id))
      .orderBy(asc(treatedLevels.level)),
    db
      .select(adverseEventColumns)
      .from(adverseEvents)
      .where(eq(adverseEvents.patientId, id))
      .orderBy(asc(adverseEvents.detectedOn)),
    db
      .select(followUpColumns)
      .from(followUps)
      .where(eq(followUps.patientId, id))
      .orderBy(asc(followUps.dueOn)),
  ])
  if (!patient) notFound()
  await auditView(db, me, id, access.kind === 'break_glass' ? { breakGlass: true } : undefined)
  const reasonOf = await accessEventReasons(db, id)
  const amendments = await amendmentsOf(
    db,
    procedureRows.filter((procedure) => procedure.status === 'completed').map((p) => p.id),
  )
  const levelsOf = byProcedure(levelRows)
  const eventsOf = byProcedure(eventRows)
  const { firstName, lastName, ...shown } = patient
  return {
    me,
    access,
    restriction: await restrictionSummary(db, id),
    patient: {
      ...shown,
      fullName: `${firstName} ${lastName}`,
      age: ageOn(patient.dateOfBirth),
    },
    fractures: fractureRows,
    imaging: imagingRows,
    assessment: assessment ?? null,
    procedures: procedureRows.map((procedure) => ({
      ...procedure,
      treatedLevels: levelsOf(procedure.id),
      adverseEvents: eventsOf(procedure.id),
      amendments: amendments.filter((amendment) => amendment.procedureId === procedure.id),
    })),
    followUps: followUpRows,
    statusEvents: events.map((event) => ({ ...event, actorName: event.actorName ?? 'System' })),
    auditEntries: audits.map(({ details, ...entry }) => ({
      ...entry,
      reason: reasonOf({ action: entry.action, details }),
      changed: changedFields(details),
    })),
  }
}

/**
 * The record's audit trail, newest first: every change, and its openings once per member per
 * clinic day (the first; the audit log keeps every one). Database sessions run in the clinic's
 * zone, so `::date` is the clinic's day.
 */
function recordTrail(db: Database, patientId: string) {
  const trail = db
    .select({
      id: auditLog.id,
      occurredAt: auditLog.occurredAt,
      action: auditLog.action,
      actorEmail: auditLog.actorEmail,
      details: auditLog.details,
      rank: sql<number>`row_number() over (partition by ${auditLog.action}, ${auditLog.actorId}, (${auditLog.occurredAt})::date order by ${auditLog.id})`.as(
        'rank',
      ),
    })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'patient'), eq(auditLog.entityId, patientId)))
    .as('trail')
  return db
    .select({
      id: trail.id,
      occurredAt: trail.occurredAt,
      action: trail.action,
      actorEmail: trail.actorEmail,
      details: trail.details,
    })
    .from(trail)
    .where(or(ne(trail.action, 'patient.view'), eq(trail.rank, 1)))
    .orderBy(desc(trail.id))
    .limit(100)
}

/** The fields an audited change names (`details.changed`), in words: "scheduled at, physician". */
function changedFields(details: unknown): string[] {
  const changed = (details as { changed?: unknown } | null)?.changed
  if (!Array.isArray(changed)) return []
  return changed
    .filter((field): field is string => typeof field === 'string')
    .map((field) =>
      // Column names ("heightLossPct") in words; names already in words stay as they are.
      /^[a-z][A-Za-z]*$/.test(field)
        ? field
            .replace(/Id$/, '')
            .replace(/([a-z])([A-Z])/g, '$1 $2')
            .toLowerCase()
        : field,
    )
}

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
