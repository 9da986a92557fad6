import { Disclosure } from '@/components/ui/disclosure'
import type { FormAction } from '@/lib/action-result'
import { clinicTimeZone } from '@/lib/env'
import { clinicDateTime } from '@/lib/format'
import type { PatientRecord, RecordProcedure } from '@/lib/candidates/record-model'
import {
  ADVERSE_EVENT_LABELS,
  ANESTHESIA_LABELS,
  APPROACH_LABELS,
  DISPOSITION_LABELS,
  LEAKAGE_LOCATION_LABELS,
  LEAKAGE_TYPE_LABELS,
  OVERNIGHT_REASON_LABELS,
  PROCEDURE_STATUS_LABELS,
  PROCEDURE_LABELS,
} from '@/lib/procedures/labels'
import { bookingEnd, cptCodes, lengthOfStay } from '@/lib/procedures/rules'
import { CompleteProcedureForm } from './complete-procedure-form'
import { AmendProcedureForm } from './amend-procedure-form'
import { DispositionForm } from './disposition-form'
import { AdverseEventForm, CancelProcedureForm, ProcedurePlanForm } from './procedure-forms'
import { formatDate, formatTime } from '@/lib/clinic-time'

export interface ProcedureActions {
  schedule: FormAction
  reschedule: FormAction
  cancel: FormAction
  complete: FormAction
  disposition: FormAction
  amend: FormAction
  adverseEvent: FormAction
}

interface ProceduresSectionProps {
  record: PatientRecord
  physicians: { id: string; name: string }[]
  actions: ProcedureActions
  today: string
}

export function ProceduresSection({ record, physicians, actions, today }: ProceduresSectionProps) {
  const { patient, me } = record
  // Datetime inputs are typed in the clinic's zone, whatever the browser's is.
  const timeZone = clinicTimeZone()
  const levels = record.fractures.map((fracture) => fracture.level)
  const canSchedule =
    patient.status === 'candidate' && !record.procedures.some((p) => p.status === 'scheduled')
  return (
    <div className="flex flex-col gap-4">
      {record.procedures.length === 0 ? (
        <p className="text-sm text-slate-600">No procedures recorded.</p>
      ) : null}
      {record.procedures.map((procedure) => (
        <article
          key={procedure.id}
          aria-label={`${PROCEDURE_LABELS[procedure.type]} ${PROCEDURE_STATUS_LABELS[procedure.status].toLowerCase()}`}
          className="flex flex-col gap-3 rounded-lg border border-slate-200 p-4 text-sm"
        >
          <div className="flex flex-wrap items-center gap-2">
            <span className="text-base font-semibold">{PROCEDURE_LABELS[procedure.type]}</span>
            <span className="rounded bg-slate-100 px-2 py-0.5">
              {PROCEDURE_STATUS_LABELS[procedure.status]}
            </span>
            <span className="text-slate-700">
              {procedure.status === 'completed' && procedure.performedAt
                ? `performed ${clinicDateTime(procedure.performedAt)}`
                : `scheduled ${clinicDateTime(procedure.scheduledAt)}–${formatTime(bookingEnd(procedure.scheduledAt, procedure.durationMinutes), timeZone)}`}{' '}
              · {procedure.physicianName} · {ANESTHESIA_LABELS[procedure.anesthesia]} ·{' '}
              {APPROACH_LABELS[procedure.approach]} · levels {procedure.plannedLevels.join(', ')}
            </span>
          </div>
          {procedure.status === 'cancelled' ? <p>Cancelled: {procedure.cancelReason}</p> : null}
          {procedure.status === 'completed' ? <CompletedDetails procedure={procedure} /> : null}
          {procedure.status === 'scheduled' ? (
            <div className="flex flex-col gap-3">
              {me.role === 'physician' ? (
                <section
                  aria-label="Completion"
                  className="rounded-lg border border-slate-200 bg-slate-50 p-4"
                >
                  <CompleteProcedureForm
                    action={actions.complete}
                    procedure={procedure}
                    timeZone={timeZone}
                  />
                </section>
              ) : null}
              <div className="flex flex-wrap gap-2">
                <Disclosure label="Reschedule">
                  <ProcedurePlanForm
                    action={actions.reschedule}
                    target={{ procedure }}
                    levels={levels}
                    physicians={physicians}
                    defaults={{ type: procedure.type, physicianId: procedure.physicianId }}
                    timeZone={timeZone}
                  />
                </Disclosure>
                <Disclosure label="Cancel procedure">
                  <CancelProcedureForm action={actions.cancel} procedure={procedure} />
                </Disclosure>
              </div>
            </div>
          ) : null}
          {procedure.status === 'completed' ? (
            <div className="flex flex-wrap gap-2">
              <Disclosure label="Disposition and discharge">
                <DispositionForm
                  action={actions.disposition}
                  procedure={procedure}
                  timeZone={timeZone}
                />
              </Disclosure>
              {me.role === 'physician' ? (
                <Disclosure label="Amend procedure">
                  <AmendProcedureForm
                    action={actions.amend}
                    procedure={procedure}
                    timeZone={timeZone}
                  />
                </Disclosure>
              ) : null}
              {me.role === 'physician' ? (
                <Disclosure label="Record adverse event">
                  <AdverseEventForm
                    action={actions.adverseEvent}
                    procedureId={procedure.id}
                    today={today}
                    formKey={crypto.randomUUID()}
                  />
                </Disclosure>
              ) : null}
            </div>
          ) : null}
        </article>
      ))}
      {canSchedule ? (
        <Disclosure label="Schedule procedure" variant="primary">
          <ProcedurePlanForm
            action={actions.schedule}
            target={{ patientId: patient.id, patientVersion: patient.version }}
            levels={levels}
            physicians={physicians}
            defaults={{ type: patient.plannedProcedure, physicianId: patient.assignedPhysicianId }}
            timeZone={timeZone}
          />
        </Disclosure>
      ) : null}
    </div>
  )
}

function CompletedDetails({ procedure }: { procedure: RecordProcedure }) {
  const codes = cptCodes(
    procedure.type,
    procedure.treatedLevels.map((level) => level.level),
  )
  return (
    <div className="flex flex-col gap-2">
      <p>
        <strong>{procedure.disposition ? DISPOSITION_LABELS[procedure.disposition] : '—'}</strong>
        {procedure.overnightReason
          ? ` (${OVERNIGHT_REASON_LABELS[procedure.overnightReason]})`
          : ''}
        {procedure.dischargedAt && procedure.performedAt
          ? ` · discharged ${clinicDateTime(procedure.dischargedAt)} · stay ${lengthOfStay(procedure.performedAt, procedure.dischargedAt)}`
          : procedure.disposition === 'overnight'
            ? ' · on the ward, discharge not recorded'
            : ''}{' '}
        · cement {procedure.cement}
      </p>
      <table className="w-full max-w-2xl text-left">
        <thead className="text-slate-600">
          <tr>
            <th scope="col" className="py-1">
              Level
            </th>
            <th scope="col">Cement (mL)</th>
            <th scope="col">Angle before (°)</th>
            <th scope="col">Angle after (°)</th>
            <th scope="col">Height restored (%)</th>
          </tr>
        </thead>
        <tbody>
          {procedure.treatedLevels.map((level) => (
            <tr key={level.id} className="border-t border-slate-100">
              <td className="py-1 font-medium">{level.level}</td>
              <td>{level.cementVolumeMl}</td>
              <td>{level.kyphoticAngleBeforeDeg ?? '—'}</td>
              <td>{level.kyphoticAngleAfterDeg ?? '—'}</td>
              <td>{level.heightRestoredPct ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {procedure.amendments.length > 0 ? (
        <ol
          aria-label="Amendments"
          className="flex flex-col gap-1 border-l-2 border-amber-300 pl-3"
        >
          {procedure.amendments.map((amendment) => (
            <li key={amendment.id}>
              <span className="font-medium">
                Amended {clinicDateTime(amendment.amendedAt)} by {amendment.amendedBy}:
              </span>{' '}
              {amendment.changes
                .map((change) => `${change.field} ${change.before} → ${change.after}`)
                .join('; ')}
              . <span className="text-slate-700">Reason: {amendment.reason}</span>
            </li>
          ))}
        </ol>
      ) : null}
      <p>
        CPT:{' '}
        {codes
          .map((line) => (line.units > 1 ? `${line.code} × ${line.units}` : line.code))
          .join(', ')}
      </p>
      {procedure.adverseEvents.length > 0 ? (
        <ul aria-label="Adverse events" className="list-disc pl-5">
          {procedure.adverseEvents.map((event) => (
            <li key={event.id}>
              {ADVERSE_EVENT_LABELS[event.category]}
              {event.leakageType ? ` · ${LEAKAGE_TYPE_LABELS[event.leakageType]}` : ''}
              {event.leakageLocation
                ? ` · ${LEAKAGE_LOCATION_LABELS[event.leakageLocation]}`
                : ''}{' '}
              · {event.symptomatic ? 'symptomatic' : 'asymptomatic'} · detected{' '}
              {formatDate(event.detectedOn)}
              {event.note ? ` · ${event.note}` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-slate-600">No adverse events recorded.</p>
      )}
    </div>
  )
}
