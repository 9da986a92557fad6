import type { ProcedureType, VertebralLevel } from '@/db/schema'

export interface CptLine {
  code: string
  description: string
  units: number
}

const isThoracic = (level: VertebralLevel) => level.startsWith('T')

/**
 * CPT codes for a procedure (docs/clinical-definitions.md#cpt-codes). The primary code goes to the
 * first level treated, each additional level adds one unit of the add-on code.
 * - Vertebroplasty: 22510 cervicothoracic, 22511 lumbosacral, +22512 each additional level.
 * - Kyphoplasty: 22513 thoracic, 22514 lumbar, +22515 each additional level.
 * The primary level is the most cranial one treated, as coders list levels top down.
 */
export function cptCodes(type: ProcedureType, levels: readonly VertebralLevel[]): CptLine[] {
  if (levels.length === 0) return []
  const primary = levels[0]!
  const thoracic = isThoracic(primary)
  const lines: CptLine[] =
    type === 'vertebroplasty'
      ? [
          thoracic
            ? {
                code: '22510',
                description: 'Vertebroplasty, cervicothoracic, first level',
                units: 1,
              }
            : { code: '22511', description: 'Vertebroplasty, lumbosacral, first level', units: 1 },
        ]
      : [
          thoracic
            ? { code: '22513', description: 'Kyphoplasty, thoracic, first level', units: 1 }
            : { code: '22514', description: 'Kyphoplasty, lumbar, first level', units: 1 },
        ]
  const additional = levels.length - 1
  if (additional > 0) {
    lines.push(
      type === 'vertebroplasty'
        ? {
            code: '+22512',
            description: 'Vertebroplasty, each additional level',
            units: additional,
          }
        : { code: '+22515', description: 'Kyphoplasty, each additional level', units: additional },
    )
  }
  return lines
}

export const MIN_CEMENT_ML = 0.5
export const MAX_CEMENT_ML = 15

/** A booking's usual length, in minutes, when none is given. */
export const DEFAULT_BOOKING_MINUTES = 60

/** When a booking ends: its start plus its minutes. */
export function bookingEnd(start: Date, minutes: number): Date {
  return new Date(start.getTime() + minutes * 60_000)
}

/** Length of stay from the procedure to discharge, e.g. "3 h 20 min", "1 day 2 h" (null if not discharged). */
export function lengthOfStay(performedAt: Date, dischargedAt: Date | null): string | null {
  if (!dischargedAt) return null
  const minutes = Math.max(0, Math.round((dischargedAt.getTime() - performedAt.getTime()) / 60_000))
  const days = Math.floor(minutes / 1_440)
  const hours = Math.floor((minutes % 1_440) / 60)
  const rest = minutes % 60
  if (days > 0) return `${days} ${days === 1 ? 'day' : 'days'}${hours ? ` ${hours} h` : ''}`
  return hours > 0 ? `${hours} h${rest ? ` ${rest} min` : ''}` : `${rest} min`
}
