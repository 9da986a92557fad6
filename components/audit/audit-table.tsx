import Link from 'next/link'
import { Cell, Row, Table } from '@/components/ui/table'
import { actorName, detailsJson, displayText, summarizeDetails } from '@/lib/audit-log/display'
import { formatDateTimeSeconds } from '@/lib/clinic-time'
import { actionLabel, entityLabel } from '@/lib/audit-log/labels'
import { auditLogQuery } from '@/lib/audit-log/params'
import type { AuditLogRow } from '@/lib/audit-log/queries'

interface AuditTableProps {
  rows: AuditLogRow[]
  timeZone: string
  emptyMessage: string
}

const dash = '—'

/**
 * The log as a plain server-rendered table: times are formatted here, on the server, in the
 * clinic's zone, the one the filters use. Every stored value is rendered as React text (escaped), shortened, with
 * invisible characters made visible; the full details sit in the cell's title.
 */
export function AuditTable({ rows, timeZone, emptyMessage }: AuditTableProps) {
  return (
    <Table
      caption={`Audit entries, newest first. Times in ${timeZone}.`}
      headers={['Time', 'User', 'Action', 'Entity', 'Entity id', 'Client address', 'Details']}
      empty={emptyMessage}
      rowCount={rows.length}
    >
      {rows.map((row) => {
        const details = summarizeDetails(row.details)
        return (
          <Row key={row.id}>
            <Cell className="whitespace-nowrap tabular-nums">
              <time dateTime={row.occurredAt.toISOString()}>
                {formatDateTimeSeconds(row.occurredAt, timeZone)}
              </time>
            </Cell>
            <Cell>
              <span className="block font-medium">{actorName(row)}</span>
              {row.actorEmail ? (
                <span className="block break-words text-xs text-slate-600">
                  {displayText(row.actorEmail, 80)}
                </span>
              ) : null}
            </Cell>
            <Cell>
              <span className="block whitespace-nowrap">{actionLabel(row.action)}</span>
              <span className="block font-mono text-xs text-slate-500">
                {displayText(row.action, 60)}
              </span>
            </Cell>
            <Cell className="whitespace-nowrap">{entityLabel(row.entityType)}</Cell>
            <Cell className="font-mono text-xs">
              {row.entityId ? (
                <Link
                  href={`/admin/audit${auditLogQuery({ entity: row.entityType, entityId: row.entityId })}`}
                  title="Every entry for this entity"
                  className="text-brand-700 hover:underline"
                >
                  {displayText(row.entityId, 40)}
                </Link>
              ) : (
                dash
              )}
            </Cell>
            <Cell className="font-mono text-xs">
              {row.ipAddress ? displayText(row.ipAddress, 45) : dash}
            </Cell>
            <Cell
              className="max-w-md break-words text-xs"
              title={detailsJson(row.details, 2_000) || undefined}
            >
              {details || dash}
            </Cell>
          </Row>
        )
      })}
    </Table>
  )
}
