import { afterEach, describe, expect, it } from 'vitest'
import { clinicTimeZone, isTimeZone } from './time-zone'

describe('the clinic time zone setting', () => {
  const original = process.env.AUGMENT_TIME_ZONE
  afterEach(() => {
    process.env.AUGMENT_TIME_ZONE = original
  })

  it('is AUGMENT_TIME_ZONE when set, read again when it changes', () => {
    process.env.AUGMENT_TIME_ZONE = 'Pacific/Auckland'
    expect(clinicTimeZone()).toBe('Pacific/Auckland')
    process.env.AUGMENT_TIME_ZONE = ' America/Denver '
    expect(clinicTimeZone()).toBe('America/Denver')
  })

  it("falls back to the server's zone when unset or empty", () => {
    process.env.AUGMENT_TIME_ZONE = ''
    expect(clinicTimeZone()).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone)
  })

  it('refuses a name that is no zone, naming the setting', () => {
    process.env.AUGMENT_TIME_ZONE = 'Mars/Olympus_Mons'
    expect(() => clinicTimeZone()).toThrow(/AUGMENT_TIME_ZONE must be an IANA time zone name/)
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false)
    expect(isTimeZone('Europe/London')).toBe(true)
  })
})
