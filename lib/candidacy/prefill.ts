import type { RecordFracture, RecordImagingOrder } from '@/lib/candidates/record-model'
import { formatDate } from '@/lib/clinic-time'
import { MODALITY_LABELS } from '@/lib/imaging/labels'

/**
 * A local kyphotic angle from which a first decision starts with "Kyphotic deformity" ticked
 * (docs/clinical-definitions.md#candidacy-checklist): a starting point the physician confirms.
 */
export const KYPHOTIC_DEFORMITY_FROM_DEG = 15

/** What a first decision starts from, and what the record shows beside the form. */
export interface DecisionStart {
  /** Form values: checkbox names true when the record shows them. */
  values: Record<string, boolean>
  /** The record's facts the checklist reads, in plain words. */
  facts: string[]
}

const CONFIRMING_MODALITIES = new Set<RecordImagingOrder['modality']>(['mri', 'bone_scan'])

/**
 * Imaging is confirmed when an MRI or bone scan is completed and a fracture shows edema on MRI;
 * a kyphotic deformity when a fracture's kyphotic angle reaches the threshold above. Height loss
 * needs no box: the checklist reads it from the fractures.
 */
export function decisionStart(record: {
  fractures: RecordFracture[]
  imaging: RecordImagingOrder[]
}): DecisionStart {
  const studies = record.imaging.filter(
    (order) => order.completedOn && CONFIRMING_MODALITIES.has(order.modality),
  )
  const withEdema = record.fractures.filter((fracture) => fracture.mriEdema === 'yes')
  const kyphotic = record.fractures.filter(
    (fracture) => (fracture.kyphoticAngleDeg ?? 0) >= KYPHOTIC_DEFORMITY_FROM_DEG,
  )
  const tallest = record.fractures.reduce<RecordFracture | null>(
    (largest, fracture) =>
      largest && largest.heightLossPct >= fracture.heightLossPct ? largest : fracture,
    null,
  )
  const levels = (fractures: RecordFracture[]) => fractures.map((f) => f.level).join(', ')
  const facts = [
    studies.length > 0
      ? `Completed: ${studies.map((order) => `${MODALITY_LABELS[order.modality]} ${formatDate(order.completedOn!)}`).join('; ')}`
      : 'No MRI or bone scan completed',
    withEdema.length > 0 ? `Edema on MRI at ${levels(withEdema)}` : 'No fracture with edema on MRI',
    tallest
      ? `Largest height loss ${tallest.heightLossPct} % at ${tallest.level}${tallest.heightLossPct > 25 ? ' (over 25 %: a sign of progression)' : ''}`
      : 'No fracture recorded',
    kyphotic.length > 0
      ? `Kyphotic angle ≥ ${KYPHOTIC_DEFORMITY_FROM_DEG}° at ${kyphotic.map((f) => `${f.level} (${f.kyphoticAngleDeg}°)`).join(', ')}`
      : `No kyphotic angle of ${KYPHOTIC_DEFORMITY_FROM_DEG}° or more recorded`,
  ]
  return {
    values: {
      imagingConfirmed: studies.length > 0 && withEdema.length > 0,
      kyphoticDeformity: kyphotic.length > 0,
    },
    facts,
  }
}
