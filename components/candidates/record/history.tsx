import type { RecordAuditEntry, RecordStatusEvent } from '@/lib/candidates/record-model'
import { actionLabel } from '@/lib/audit-log/labels'
import { STATUS_LABELS } from '@/lib/candidates/labels'
import { clinicDateTime } from '@/lib/format'

interface HistoryProps {
  statusEvents: RecordStatusEvent[]
  auditEntries: RecordAuditEntry[]
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
              <span className="font-medium">{actionLabel(entry.action)}</span>
              <span className="block text-slate-600">
                {clinicDateTime(entry.occurredAt)} · {entry.actorEmail ?? 'system'}
              </span>
              {entry.changed.length > 0 ? (
                <span className="block text-slate-800">Changed: {entry.changed.join(', ')}</span>
              ) : null}
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
