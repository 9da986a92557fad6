export type GenantGrade = 0 | 1 | 2 | 3

/**
 * Genant semiquantitative grade from the loss of vertebral height
 * (docs/clinical-definitions.md#genant-grade):
 * 0 below 20 %, 1 from 20 to 25 %, 2 above 25 up to 40 %, 3 above 40 %.
 */
export function genantGrade(heightLossPct: number): GenantGrade {
  if (heightLossPct < 20) return 0
  if (heightLossPct <= 25) return 1
  if (heightLossPct <= 40) return 2
  return 3
}

/** The clinic counts a loss of 15 % of vertebral height or more as a compression fracture. */
export const VCF_THRESHOLD_PCT = 15

export function isBelowVcfThreshold(heightLossPct: number): boolean {
  return heightLossPct < VCF_THRESHOLD_PCT
}
