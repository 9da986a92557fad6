import { tz } from '@date-fns/tz'
import { format } from 'date-fns'

// Pure helpers that turn stored audit values into plain display text. Several of those values
// come from outside (the address from X-Forwarded-For, the email typed at a failed sign-in,
// details passed by callers): they are only ever rendered as text, never as markup.

// Control, format (bidi overrides, zero-width) and line/paragraph separator characters: shown
// as a visible mark, so a value cannot hide or reorder what is around it.
const HIDDEN_CHARACTERS = /[\p{Cc}\p{Cf}\u2028\u2029]/gu

/** A value safe to show as one line of text, at most `max` characters (an ellipsis marks a cut). */
export function displayText(value: string, max: number): string {
  const visible = value.replace(HIDDEN_CHARACTERS, '\uFFFD')
  const characters = Array.from(visible)
  return characters.length > max ? `${characters.slice(0, max - 1).join('')}…` : visible
}

const MAX_VALUE = 80
const MAX_SUMMARY = 240
const MAX_KEYS = 8

function valueText(value: unknown, depth = 0): string {
  if (value === null || value === undefined) return '—'
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return value.map((item) => valueText(item, depth + 1)).join(', ')
  // One nested level reads as "key=value, …" (an export's filters); deeper ones as JSON.
  if (depth > 0) return JSON.stringify(value)
  const entries = Object.entries(value as Record<string, unknown>)
  return entries.length === 0
    ? 'none'
    : entries.map(([key, item]) => `${key}=${valueText(item, depth + 1)}`).join(', ')
}

// Field names read better spaced out: "referringPhysician" → "referring physician".
const words = (key: string) =>
  key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/_/g, ' ')
    .toLowerCase()

/**
 * The details column: changed field names first ("Changed: phone, referring physician"), then
 * each other key as "key: value", every value and the whole line cut to a readable length.
 */
export function summarizeDetails(details: unknown): string {
  if (details === null || details === undefined) return ''
  if (typeof details !== 'object' || Array.isArray(details))
    return displayText(valueText(details), MAX_SUMMARY)
  const entries = Object.entries(details as Record<string, unknown>)
  const changed = entries.find(([key]) => key === 'changed')
  const parts: string[] = []
  if (changed) {
    const fields = Array.isArray(changed[1])
      ? changed[1].map((item) => words(valueText(item)))
      : [valueText(changed[1])]
    parts.push(`Changed: ${displayText(fields.join(', '), MAX_VALUE * 2)}`)
  }
  const others = entries.filter(([key]) => key !== 'changed')
  for (const [key, value] of others.slice(0, MAX_KEYS)) {
    parts.push(`${displayText(words(key), 40)}: ${displayText(valueText(value), MAX_VALUE)}`)
  }
  if (others.length > MAX_KEYS) parts.push(`+${others.length - MAX_KEYS} more`)
  return displayText(parts.join(' · '), MAX_SUMMARY)
}

/**
 * Who a row names. A row with no actor was written by the app itself ("System") or for someone
 * not signed in ("Anonymous": a failed sign-in keeps the email that was typed).
 */
export function actorName(row: {
  actorId: string | null
  actorName: string | null
  actorEmail: string | null
}): string {
  if (row.actorId) return row.actorName ?? 'Former staff member'
  return row.actorEmail ? 'Anonymous' : 'System'
}

/** The whole details object as one line of JSON (the CSV, and a cell's tooltip). */
export function detailsJson(details: unknown, max = Number.POSITIVE_INFINITY): string {
  if (details === null || details === undefined) return ''
  const json = JSON.stringify(details)
  return max === Number.POSITIVE_INFINITY ? json : displayText(json, max)
}

/** The same instant for a file: ISO 8601 with the clinic zone's offset, unambiguous anywhere. */
export function formatAuditTimestamp(value: Date, zone: string): string {
  return format(value, "yyyy-MM-dd'T'HH:mm:ss.SSSxxx", { in: tz(zone) })
}
