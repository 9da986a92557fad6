import { formatDateTime } from '@/lib/clinic-time'
import { clinicTimeZone } from '@/lib/env'

/** A date-time as server-rendered pages show it: in the clinic's zone, e.g. "Mon 7 Dec 2026, 08:30". */
export function clinicDateTime(value: Date): string {
  return formatDateTime(value, clinicTimeZone())
}
