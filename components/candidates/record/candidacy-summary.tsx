import { DECISION_LABELS } from '@/lib/candidacy/labels'
import type { ChecklistEvaluation } from '@/lib/candidacy/rules'
import { clinicDateTime } from '@/lib/format'
import { PROCEDURE_LABELS } from '@/lib/procedures/labels'
import type { RecordAssessment } from '@/lib/candidates/record-model'

/** The latest decision and how the checklist evaluated, criterion by criterion. */
export function CandidacySummary({ assessment }: { assessment: RecordAssessment }) {
  const evaluation = (assessment.checklist as { evaluation?: ChecklistEvaluation }).evaluation
  return (
    <div className="flex flex-col gap-3 text-sm">
      <p>
        <span className="font-semibold">{DECISION_LABELS[assessment.decision]}</span>
        {assessment.plannedProcedure
          ? ` · ${PROCEDURE_LABELS[assessment.plannedProcedure]} planned`
          : ''}{' '}
        · {assessment.physicianName}, {clinicDateTime(assessment.decidedAt)}
      </p>
      {assessment.reason ? <p>Reason: {assessment.reason}</p> : null}
      {assessment.justification ? <p>Justification: {assessment.justification}</p> : null}
      {evaluation ? (
        <ul className="flex flex-col gap-1" aria-label="Criteria">
          {evaluation.criteria.map((criterion) => (
            <li key={criterion.id} className={criterion.met ? 'text-green-800' : 'text-red-800'}>
              {criterion.met ? 'Met' : 'Not met'}: {criterion.label}
            </li>
          ))}
          {evaluation.absolute.map((label) => (
            <li key={label} className="text-red-800">
              Absolute contraindication: {label}
            </li>
          ))}
          {evaluation.relative.map((label) => (
            <li key={label} className="text-amber-800">
              Relative contraindication: {label}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  )
}
