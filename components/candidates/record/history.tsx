import type { RecordAuditEntry, RecordStatusEvent } from '@/lib/candidates/record-model'
import { STATUS_LABELS } from '@/lib/candidates/labels'
import { clinicDateTime } from '@/lib/format'

interface HistoryProps {
  statusEvents: RecordStatusEvent[]
  auditEntries: RecordAuditEntry[]
}

const ACTION_LABELS: Record<string, string> = {
  'patient.view': 'Opened the record',
  'patient.created': 'Created the patient',
  'patient.updated': 'Edited the patient',
  'patient.status_changed': 'Changed the status',
  'fracture.created': 'Added a fracture',
  'fracture.updated': 'Edited a fracture',
  'fracture.removed': 'Removed a fracture',
  'imaging.ordered': 'Ordered imaging',
  'imaging.completed': 'Completed imaging',
  'candidacy.decided': 'Recorded the candidacy decision',
  'patient.restricted': 'Restricted the record',
  'patient.unrestricted': 'Lifted the restriction',
  'patient.access_granted': 'Granted access',
  'patient.access_revoked': 'Revoked access',
  'record.restricted_refused': 'Refused: restricted record',
  'record.break_glass': 'Broke the glass',
}

export function History({ statusEvents, auditEntries }: HistoryProps) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <div>
        <h3 className="mb-2 font-semibold">Status changes</h3>
        <ol className="flex flex-col gap-2 text-sm">
          {statusEvents.map((event) => (
            <li key={event.id} className="rounded-md border border-slate-100 p-2">
              <span className="font-medium">
                {event.fromStatus ? `${STATUS_LABELS[event.fromStatus]} → ` : ''}
                {STATUS_LABELS[event.toStatus]}
              </span>
              <span className="block text-slate-600">
                {clinicDateTime(event.occurredAt)} · {event.actorName}
              </span>
              {event.note ? <span className="block text-slate-800">{event.note}</span> : null}
            </li>
          ))}
        </ol>
      </div>
      <div>
        <h3 className="mb-2 font-semibold">Audit trail</h3>
        <ol className="flex flex-col gap-2 text-sm">
          {auditEntries.map((entry) => (
            <li key={entry.id} className="rounded-md border border-slate-100 p-2">
              <span className="font-medium">{ACTION_LABELS[entry.action] ?? entry.action}</span>
              <span className="block text-slate-600">
                {clinicDateTime(entry.occurredAt)} · {entry.actorEmail ?? 'system'}
              </span>
              {entry.reason ? (
                <span className="block text-slate-800">Reason: {entry.reason}</span>
              ) : null}
            </li>
          ))}
        </ol>
      </div>
    </div>
  )
}
