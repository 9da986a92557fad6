// The clinic's time zone, the one setting every date-time depends on: database sessions read
// calendar days in it (outcome months, the rollup's performed days) and the app types and shows
// every date-time in it (lib/clinic-time.ts). Lives here, the lowest layer, so both agree.

/** Whether an IANA zone name (e.g. "America/Denver") is one this runtime knows. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

let resolved: { setting: string | undefined; zone: string } | undefined

/**
 * AUGMENT_TIME_ZONE, else the server's own zone. Read on each call (the answer kept while the
 * setting is unchanged), so a test can switch it; an unknown name throws.
 */
export function clinicTimeZone(): string {
  const setting = process.env.AUGMENT_TIME_ZONE?.trim() || undefined
  if (resolved?.setting !== setting || !resolved) {
    if (setting && !isTimeZone(setting)) {
      throw new Error(
        'AUGMENT_TIME_ZONE must be an IANA time zone name such as Europe/London or America/Denver',
      )
    }
    resolved = { setting, zone: setting ?? Intl.DateTimeFormat().resolvedOptions().timeZone }
  }
  return resolved.zone
}
