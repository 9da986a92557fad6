import type { analgesicUses, FollowUpTimepoint, mobilityLevels } from '@/db/schema'

// Labels only, no zod or date-fns: client components import them.

export const TIMEPOINT_LABELS: Record<FollowUpTimepoint, string> = {
  baseline: 'Baseline',
  h48: '48 hours',
  d7: '7 days',
  m1: '1 month',
  m3: '3 months',
  m6: '6 months',
  m12: '12 months',
}

export const ANALGESIC_LABELS: Record<(typeof analgesicUses)[number], string> = {
  none: 'None',
  non_opioid: 'Non-opioid',
  opioid: 'Opioid',
}

export const MOBILITY_LABELS: Record<(typeof mobilityLevels)[number], string> = {
  bedbound: 'Bedbound',
  assisted: 'Walks with assistance',
  independent: 'Independent',
}
