import 'server-only'
import { and, asc, count, eq, isNull, sql } from 'drizzle-orm'
import { getDb } from '@/db/client'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import { imagingOrders, patients, type ImagingModality, type OvernightReason } from '@/db/schema'
import { CLINICAL_ROLES, requireRole, type CurrentStaff } from '@/lib/auth/session'
import { formatDate, formatTime } from '@/lib/clinic-time'
import { todayIso } from '@/lib/dates'
import { countOverdueFollowUps, queryFollowUpsDue } from '@/lib/follow-ups/due-query'
import { queryPathwayTimes, type PathwayTimes } from './pathway-times'
import { TIMEPOINT_LABELS } from '@/lib/follow-ups/labels'
import { clinicTimeZone } from '@/lib/env'
import { clinicDateTime } from '@/lib/format'
import { MODALITY_LABELS } from '@/lib/imaging/labels'
import {
  queryNeedsCompletion,
  queryOvernightTonight,
  queryProceduresToday,
  queryScheduledThisWeek,
  type ProcedureWorklistRow,
} from './procedure-worklists'
import { PROCEDURE_LABELS } from '@/lib/procedures/labels'
import { assignedTo, visibleTo } from '@/lib/commands/record-visibility'

export interface WorklistEntry {
  id: string
  name: string
  mrn: string
  /** What the worklist is waiting on, e.g. the date imaging was ordered. */
  since: string
  detail: string
  /** Past its due date (a follow-up): shown as an "overdue" chip. */
  overdue?: boolean
  /** An overnight stay: what the one-click "Discharged" posts with the time it asks. */
  stay?: { procedureId: string; version: number; overnightReason: OvernightReason | null }
}

/** One card: its first entries and how many there are in all. */
export interface WorklistCard {
  total: number
  entries: WorklistEntry[]
}

export interface OverviewWorklists {
  scheduledThisWeek: WorklistCard
  needsCompletion: WorklistCard
  followUpsDue: WorklistCard
  overnightTonight: WorklistCard
  awaitingDecision: WorklistCard
  imagingPending: WorklistCard
  /** A physician's own day under "Mine" (null otherwise): today's bookings, overdue follow-ups. */
  myDay: { proceduresToday: WorklistCard; overdueFollowUps: WorklistCard } | null
}

/** The Overview's numbers that are not cards. */
export interface OverviewFigures {
  /** Open follow-ups past their due date, still in their window. */
  overdueFollowUps: number
  /** The whole clinic's median days along the pathway, last 90 days (not scoped to "Mine"). */
  pathwayTimes: PathwayTimes
}

/** "Mine": a physician's own patients and procedures; "All": everything the member may see. */
export type WorklistScope = 'mine' | 'all'

const WORKLIST_LENGTH = 10

/** Who is looking; under "Mine" a physician's own patients only (others have none). */
function worklistViewer(me: CurrentStaff, scope: WorklistScope) {
  return {
    viewerId: me.id,
    physicianId: scope === 'mine' && me.role === 'physician' ? me.id : undefined,
  }
}

/** The overdue follow-ups (in the scope) and the clinic's pathway times. */
export async function overviewFigures(scope: WorklistScope = 'all'): Promise<OverviewFigures> {
  const me = await requireRole(...CLINICAL_ROLES)
  const db = await getDb()
  const now = new Date()
  const [overdueFollowUps, pathwayTimes] = await Promise.all([
    countOverdueFollowUps(db, todayIso(now), worklistViewer(me, scope)),
    queryPathwayTimes(db, now),
  ])
  return { overdueFollowUps, pathwayTimes }
}

/**
 * The Overview's worklists: patients in evaluation awaiting a physician's decision (longest
 * waiting first), and patients with imaging ordered but not completed, once each (oldest open
 * order first).
 */
export async function overviewWorklists(scope: WorklistScope = 'all'): Promise<OverviewWorklists> {
  const me = await requireRole(...CLINICAL_ROLES)
  const db = await getDb()
  const now = new Date()
  const today = todayIso(now)
  const viewer = worklistViewer(me, scope)
  const mine = (patientId: AnyPgColumn) =>
    viewer.physicianId ? assignedTo(patientId, viewer.physicianId) : undefined
  // Restricted records this member may not see stay off every card and out of its count.
  const visible = and(visibleTo(patients.id, me.id), mine(patients.id))
  const awaitingWhere = and(eq(patients.status, 'evaluation'), visible)
  // Qualified by hand: inside the subquery a bare "id" would mean the event's id.
  const awaitingSince = sql<string>`(select max(e.occurred_at)::date::text from patient_status_events e where e.patient_id = patients.id and e.to_status = 'evaluation')`
  const imagingPendingWhere = and(
    isNull(imagingOrders.completedOn),
    visibleTo(imagingOrders.patientId, me.id),
    mine(imagingOrders.patientId),
  )
  // One row per patient with imaging pending: its oldest open order and how many are open.
  const pendingByPatient = db
    .select({
      patientId: imagingOrders.patientId,
      orderedOn: sql<string>`min(${imagingOrders.orderedOn})`.as('ordered_on'),
      orders: sql<number>`count(*)::int`.as('orders'),
      modalities: sql<string[]>`array_agg(distinct ${imagingOrders.modality}::text)`.as(
        'modalities',
      ),
    })
    .from(imagingOrders)
    .where(imagingPendingWhere)
    .groupBy(imagingOrders.patientId)
    .as('pending')
  const [
    awaiting,
    [awaitingTotal],
    pending,
    [pendingTotal],
    scheduled,
    unfinished,
    due,
    overnight,
    myDay,
  ] = await Promise.all([
    db
      .select({
        id: patients.id,
        firstName: patients.firstName,
        lastName: patients.lastName,
        mrn: patients.mrn,
        since: awaitingSince,
        levels: patients.fractureLevels,
      })
      .from(patients)
      .where(awaitingWhere)
      .orderBy(asc(awaitingSince), asc(patients.id))
      .limit(WORKLIST_LENGTH),
    db.select({ n: count() }).from(patients).where(awaitingWhere),
    db
      .select({
        id: patients.id,
        firstName: patients.firstName,
        lastName: patients.lastName,
        mrn: patients.mrn,
        orderedOn: pendingByPatient.orderedOn,
        modalities: pendingByPatient.modalities,
      })
      .from(pendingByPatient)
      .innerJoin(patients, eq(patients.id, pendingByPatient.patientId))
      .orderBy(asc(pendingByPatient.orderedOn), asc(patients.id))
      .limit(WORKLIST_LENGTH),
    db
      .select({ n: sql<number>`count(distinct ${imagingOrders.patientId})::int` })
      .from(imagingOrders)
      .where(imagingPendingWhere),
    queryScheduledThisWeek(db, now, WORKLIST_LENGTH, viewer),
    queryNeedsCompletion(db, now, WORKLIST_LENGTH, viewer),
    queryFollowUpsDue(db, { today, limit: WORKLIST_LENGTH, ...viewer }),
    queryOvernightTonight(db, WORKLIST_LENGTH, viewer),
    viewer.physicianId
      ? Promise.all([
          queryProceduresToday(db, now, WORKLIST_LENGTH, viewer),
          queryFollowUpsDue(db, { today, limit: WORKLIST_LENGTH, overdueOnly: true, ...viewer }),
        ])
      : null,
  ])
  const name = (row: { firstName: string; lastName: string }) => `${row.lastName}, ${row.firstName}`
  const procedureEntry = (row: ProcedureWorklistRow): WorklistEntry => ({
    id: row.patientId,
    name: name(row),
    mrn: row.mrn,
    since: clinicDateTime(row.at),
    detail: `${PROCEDURE_LABELS[row.type]} ${row.levels.join(', ')}`,
  })
  const followUpCard = (followUps: Awaited<typeof due>): WorklistCard => ({
    total: followUps.total,
    entries: followUps.rows.map((row): WorklistEntry => ({
      id: row.patientId,
      name: row.patient,
      mrn: row.mrn,
      since: formatDate(row.dueOn),
      detail: TIMEPOINT_LABELS[row.timepoint],
      overdue: row.overdue,
    })),
  })
  return {
    scheduledThisWeek: { total: scheduled.total, entries: scheduled.rows.map(procedureEntry) },
    needsCompletion: { total: unfinished.total, entries: unfinished.rows.map(procedureEntry) },
    followUpsDue: followUpCard(due),
    myDay: myDay && {
      proceduresToday: {
        total: myDay[0].total,
        entries: myDay[0].rows.map((row) => {
          const entry = procedureEntry(row)
          return {
            ...entry,
            since: formatTime(row.at, clinicTimeZone()),
            detail: row.status === 'completed' ? `${entry.detail} · done` : entry.detail,
          }
        }),
      },
      overdueFollowUps: followUpCard(myDay[1]),
    },
    overnightTonight: {
      total: overnight.total,
      entries: overnight.rows.map((row) => ({
        ...procedureEntry(row),
        stay: {
          procedureId: row.procedureId,
          version: row.version,
          overnightReason: row.overnightReason,
        },
      })),
    },
    awaitingDecision: {
      total: awaitingTotal?.n ?? 0,
      entries: awaiting.map((row): WorklistEntry => ({
        id: row.id,
        name: name(row),
        mrn: row.mrn,
        since: row.since ? formatDate(row.since) : '',
        detail: row.levels || 'No fractures recorded',
      })),
    },
    imagingPending: {
      total: pendingTotal?.n ?? 0,
      entries: pending.map((row): WorklistEntry => ({
        id: row.id,
        name: name(row),
        mrn: row.mrn,
        since: formatDate(row.orderedOn),
        detail: row.modalities
          .map((modality) => MODALITY_LABELS[modality as ImagingModality])
          .join(', '),
      })),
    },
  }
}
