import { CategoryBarChart } from '@/components/charts/charts'
import { NEUTRAL_COLOR } from '@/components/charts/colors'
import { STATUS_LABELS } from '@/lib/candidates/labels'
import type { PatientsByStatus } from '@/lib/outcomes/dashboard'
import { OutcomeSection, type ChartSectionProps } from './outcome-section'

interface PatientsByStatusSectionProps extends ChartSectionProps {
  pipeline: PatientsByStatus
  /** Whether any filter narrows the patients (for the empty state). */
  filtered: boolean
}

/** The pipeline: every patient by current status, filtered as the registry reads them. */
export function PatientsByStatusSection({
  pipeline,
  filtered,
  tables,
  filterQuery,
}: PatientsByStatusSectionProps) {
  return (
    <OutcomeSection
      id="patients-by-status"
      title="Patients by status"
      n={pipeline.n}
      noun="patients"
      emptyMessage={
        filtered ? 'No patients match these filters.' : 'No patients have been referred yet.'
      }
      description={
        <p>
          The pipeline: every patient by current status. Here the filters read as in the registry:
          referral date in the range, the assigned physician, the patient&apos;s etiology and the
          planned procedure type.
        </p>
      }
      tables={[tables['patients-by-status']]}
      filterQuery={filterQuery}
    >
      <CategoryBarChart
        data={pipeline.statuses.map((row) => ({
          status: STATUS_LABELS[row.status],
          patients: row.n,
        }))}
        categoryKey="status"
        series={[{ key: 'patients', label: 'Patients', color: NEUTRAL_COLOR }]}
        valueLabel="Patients"
        horizontal
        height={320}
      />
    </OutcomeSection>
  )
}
