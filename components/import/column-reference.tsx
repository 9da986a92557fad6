import { Cell, Row, Table } from '@/components/ui/table'
import type { ReferralColumn } from '@/lib/import/columns'

interface ColumnReferenceProps {
  columns: readonly ReferralColumn[]
}

/** The CSV's columns as the validator reads them. */
export function ColumnReference({ columns }: ColumnReferenceProps) {
  return (
    <Table
      caption="Columns of a referrals CSV, in any order"
      headers={['Column', 'Required', 'Format', 'Example']}
      rowCount={columns.length}
    >
      {columns.map((column) => (
        <Row key={column.name}>
          <Cell className="font-mono">{column.name}</Cell>
          <Cell>{column.required ? 'Required' : 'Optional'}</Cell>
          <Cell>{column.format}</Cell>
          <Cell className="font-mono">{column.example}</Cell>
        </Row>
      ))}
    </Table>
  )
}
