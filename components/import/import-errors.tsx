import { Cell, Row, Table } from '@/components/ui/table'
import { formatCount, type ImportError } from '@/lib/import/protocol'

interface ImportErrorsProps {
  errors: ImportError[]
  errorCount: number
}

/** The first errors of a refused file, where to find each, and how many there are in all. */
export function ImportErrors({ errors, errorCount }: ImportErrorsProps) {
  const caption =
    errorCount > errors.length
      ? `First ${formatCount(errors.length)} of ${formatCount(errorCount)} errors`
      : `${formatCount(errorCount)} ${errorCount === 1 ? 'error' : 'errors'}`
  return (
    <Table caption={caption} headers={['Line', 'Column', 'Message']} rowCount={errors.length}>
      {errors.map((error, index) => (
        <Row key={`${error.line}-${error.column}-${index}`}>
          <Cell className="tabular-nums">{error.line}</Cell>
          <Cell className="font-mono">{error.column || '(whole line)'}</Cell>
          <Cell>{error.message}</Cell>
        </Row>
      ))}
    </Table>
  )
}
