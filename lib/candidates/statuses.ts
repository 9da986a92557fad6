import type { PatientStatus } from '@/db/schema'

export type { PatientStatus }

export const STATUS_LABELS: Record<PatientStatus, string> = {
  referred: 'Referred',
  imaging: 'Imaging',
  evaluation: 'Evaluation',
  candidate: 'Candidate',
  not_candidate: 'Not a candidate',
  resolved_conservatively: 'Resolved conservatively',
  scheduled: 'Scheduled',
  treated: 'Treated',
  follow_up: 'Follow-up',
  closed: 'Closed',
  lost_to_follow_up: 'Lost to follow-up',
}
