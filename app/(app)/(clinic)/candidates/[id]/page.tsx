import type { Metadata } from 'next'
import Link from 'next/link'
import { CandidacySummary } from '@/components/candidates/record/candidacy-summary'
import { DecisionForm } from '@/components/candidates/record/decision-form'
import { FractureList } from '@/components/candidates/record/fracture-list'
import { History } from '@/components/candidates/record/history'
import { ImagingSection } from '@/components/candidates/record/imaging-section'
import { Section } from '@/components/candidates/record/section'
import { StatusForm } from '@/components/candidates/record/status-form'
import { Disclosure } from '@/components/ui/disclosure'
import { StatusChip } from '@/components/ui/status-chip'
import { todayIso } from '@/lib/dates'
import { followUpState } from '@/lib/follow-ups/rules'
import { VERTEBRAL_LEVELS } from '@/lib/fractures/schemas'
import { ETIOLOGY_LABELS, SEX_LABELS } from '@/lib/candidates/labels'
import { PROCEDURE_LABELS } from '@/lib/procedures/labels'
import { listPhysicians } from '@/lib/candidates/list'
import { getPatientRecord } from '@/lib/candidates/record'
import { grantableMembers } from '@/lib/candidates/restricted-access'
import { AccessSection } from '@/components/restricted/access-section'
import {
  FollowUpSection,
  type BaselineScores,
} from '@/components/candidates/record/follow-up-section'
import { ProceduresSection } from '@/components/candidates/record/procedures-section'
import { canDecideFrom, manualTargets } from '@/lib/commands/workflow'
import { decisionStart } from '@/lib/candidacy/prefill'
import {
  addFractureAction,
  cancelProcedureAction,
  changeStatusAction,
  completeProcedureAction,
  recordDispositionAction,
  amendProcedureAction,
  recordAdverseEventAction,
  recordFollowUpAction,
  rescheduleProcedureAction,
  scheduleProcedureAction,
  completeImagingAction,
  addImagingFindingAction,
  orderImagingAction,
  recordDecisionAction,
  removeFractureAction,
  updateFractureAction,
  restrictRecordAction,
  unrestrictRecordAction,
  grantAccessAction,
  revokeAccessAction,
} from './actions'
import { formatDate } from '@/lib/clinic-time'

// The name stays out of the tab title: titles end up in browser history and screen shares.
export const metadata: Metadata = { title: 'Patient record' }

export default async function PatientRecordPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params
  const [record, physicians, members] = await Promise.all([
    getPatientRecord(id),
    listPhysicians(),
    grantableMembers(),
  ])
  const { patient, me } = record
  const today = todayIso()
  const start = decisionStart(record)
  const targets = manualTargets(patient.status)
  return (
    <div className="flex flex-col gap-5">
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{patient.fullName}</h1>
          <p className="mt-1 text-sm text-slate-700">
            MRN <span className="font-mono">{patient.mrn}</span> · {patient.age} years ·{' '}
            {SEX_LABELS[patient.sex]} · born {formatDate(patient.dateOfBirth)}
          </p>
          <p className="mt-1 text-sm">
            Status: <StatusChip status={patient.status} testId="patient-status" />
            {patient.plannedProcedure
              ? ` · ${PROCEDURE_LABELS[patient.plannedProcedure]} planned`
              : ''}
          </p>
        </div>
        <Link
          href={`/candidates/${patient.id}/edit`}
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium hover:bg-slate-100"
        >
          Edit patient
        </Link>
      </div>

      <dl className="grid gap-3 rounded-xl border border-slate-200 bg-white p-5 text-sm sm:grid-cols-3">
        {[
          ['Etiology', ETIOLOGY_LABELS[patient.etiology]],
          ['Assigned physician', patient.physicianName],
          ['Referring physician', patient.referringPhysician],
          ['Referral date', formatDate(patient.referralDate)],
          ['Pain onset', patient.painOnsetDate ? formatDate(patient.painOnsetDate) : '—'],
          ['Phone', patient.phone ?? '—'],
        ].map(([term, detail]) => (
          <div key={term}>
            <dt className="text-slate-600">{term}</dt>
            <dd className="font-medium">{detail}</dd>
          </div>
        ))}
      </dl>

      {targets.length > 0 ? (
        <div className="rounded-xl border border-slate-200 bg-white p-5">
          <StatusForm
            action={changeStatusAction}
            patientId={patient.id}
            status={patient.status}
            targets={targets}
          />
        </div>
      ) : null}

      <Section title="Fractures">
        <FractureList
          patientId={patient.id}
          fractures={record.fractures}
          levels={VERTEBRAL_LEVELS}
          today={today}
          addAction={addFractureAction}
          updateAction={updateFractureAction}
          removeAction={removeFractureAction}
        />
      </Section>

      <Section title="Imaging">
        <ImagingSection
          patientId={patient.id}
          orders={record.imaging}
          today={today}
          orderFormKey={crypto.randomUUID()}
          orderAction={orderImagingAction}
          completeAction={completeImagingAction}
          addFindingAction={addImagingFindingAction}
        />
      </Section>

      <Section title="Candidacy">
        {record.assessment ? (
          <CandidacySummary assessment={record.assessment} />
        ) : (
          <p className="text-sm text-slate-600">No decision recorded yet.</p>
        )}
        {me.role === 'physician' && canDecideFrom(patient.status) ? (
          <Disclosure label="Record decision" variant="primary">
            <DecisionForm
              action={recordDecisionAction}
              patientId={patient.id}
              patientVersion={patient.version}
              previous={record.assessment?.checklist ?? start.values}
              facts={start.facts}
            />
          </Disclosure>
        ) : null}
        {me.role !== 'physician' && canDecideFrom(patient.status) ? (
          <p className="text-sm text-slate-600">A physician records the candidacy decision.</p>
        ) : null}
      </Section>

      <Section title="Procedures">
        <ProceduresSection
          record={record}
          physicians={physicians.filter((physician) => physician.active)}
          today={today}
          actions={{
            schedule: scheduleProcedureAction,
            reschedule: rescheduleProcedureAction,
            cancel: cancelProcedureAction,
            complete: completeProcedureAction,
            disposition: recordDispositionAction,
            amend: amendProcedureAction,
            adverseEvent: recordAdverseEventAction,
          }}
        />
      </Section>

      <Section title="Follow-up">
        <FollowUpSection
          followUps={record.followUps.map((row) => ({ ...row, state: followUpState(row, today) }))}
          today={today}
          action={recordFollowUpAction}
          decisionScores={decisionScores(record.assessment?.checklist)}
        />
      </Section>

      <Section title="Access">
        <AccessSection
          patientId={patient.id}
          access={record.access}
          restriction={record.restriction}
          members={members}
          actions={{
            restrict: restrictRecordAction,
            unrestrict: unrestrictRecordAction,
            grant: grantAccessAction,
            revoke: revokeAccessAction,
          }}
        />
      </Section>

      <Section title="History">
        <History statusEvents={record.statusEvents} auditEntries={record.auditEntries} />
      </Section>
    </div>
  )
}

/** The NRS, ODI and RMDQ given at the candidacy decision, as form values. */
function decisionScores(checklist: Record<string, unknown> | undefined): BaselineScores {
  const text = (name: string) => {
    const value = checklist?.[name]
    return typeof value === 'number' ? String(value) : ''
  }
  return { painNrs: text('painNrs'), odi: text('odi'), rmdq: text('rmdq') }
}
