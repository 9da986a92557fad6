import type { fractureMorphologies, triStates, VertebralLevel } from '@/db/schema'

export type { VertebralLevel }

// Labels only, no zod or date-fns: client components import them.

export const MORPHOLOGY_LABELS: Record<(typeof fractureMorphologies)[number], string> = {
  wedge: 'Wedge',
  biconcave: 'Biconcave',
  crush: 'Crush',
}

export const TRI_STATE_LABELS: Record<(typeof triStates)[number], string> = {
  yes: 'Yes',
  no: 'No',
  unknown: 'Unknown',
}
