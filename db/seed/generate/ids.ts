// Ids are built from (seed, index), not drawn from the PRNG: its 32-bit state repeats, so drawn
// ids collided past ~65,000 patients. Layout: seed-kind/position-4000-8000-index (a v4 shape).
export const FRACTURE_ID_KIND = 1
export const IMAGING_ID_KIND = 2
export const PROCEDURE_ID_KIND = 3
export const ADVERSE_EVENT_ID_KIND = 4
export const FOLLOW_UP_ID_KIND = 5
export const TREATED_LEVEL_ID_KIND = 6

export function seededUuid(seed: number, index: number): string {
  return `${hex8(seed)}-0000-4000-8000-${index.toString(16).padStart(12, '0')}`
}

/** The id of a patient's n-th row of a kind: the patient's id with its second group replaced. */
export function childUuid(patientId: string, kind: number, position: number): string {
  const group = (kind * 0x1000 + position).toString(16).padStart(4, '0')
  return `${patientId.slice(0, 9)}${group}${patientId.slice(13)}`
}

// A byte table: Number#toString(16) is slow enough to dominate generating a million patients.
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'))

/** The low 32 bits of `value` as 8 hex digits. */
function hex8(value: number): string {
  const word = value >>> 0
  return (
    HEX_BYTES[word >>> 24]! +
    HEX_BYTES[(word >>> 16) & 0xff]! +
    HEX_BYTES[(word >>> 8) & 0xff]! +
    HEX_BYTES[word & 0xff]!
  )
}
