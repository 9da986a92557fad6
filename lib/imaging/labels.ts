import type { ImagingModality } from '@/db/schema'

// Labels only, no zod or date-fns: client components import them.

export const MODALITY_LABELS: Record<ImagingModality, string> = {
  mri: 'MRI',
  ct: 'CT',
  xray: 'X-ray',
  dexa: 'DEXA',
  bone_scan: 'Bone scan',
}
