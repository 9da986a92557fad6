const dateTimeUtc = new Intl.DateTimeFormat('en-US', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
})

/** Server-rendered times are shown in UTC and say so in their column header. */
export function formatDateTimeUtc(value: Date): string {
  return dateTimeUtc.format(value)
}
