import fc from 'fast-check'

// Generators of what an attacker or a broken client sends instead of a form: used by the
// property-based tests of every schema, URL parser and server action.

/** Strings that have broken web apps: markup, SQL, path tricks, control and odd unicode. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE patients; --",
  "' OR '1'='1",
  '1; SELECT pg_sleep(5)',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  '\r\nSet-Cookie: hacked=1',
  '=HYPERLINK("http://evil.example")',
  '{{7*7}}',
  '${process.env.AUTH_SECRET}',
  '__proto__',
  'constructor',
  '\u202Egnp.exe',
  '𝕳𝖊𝖑𝖑𝖔 🦴',
  'ＡＢＣ',
  'NaN',
  'Infinity',
  '-1',
  '1e309',
  '9'.repeat(400),
  '2026-02-30',
  '0000-00-00',
  'true',
  'null',
  '00000000-0000-0000-0000-000000000000',
]

/** One hostile string: a known troublemaker, random unicode, or something huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.string({ unit: 'grapheme', maxLength: 32 }),
  fc
    .tuple(fc.constantFrom('x', '<b>', "'", '🦴'), fc.integer({ min: 10_000, max: 200_000 }))
    .map(([piece, times]) => piece.repeat(times)),
)

/** A value of any JSON-ish type, as a hand-made request could carry. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), hostileString, { maxKeys: 3 }),
)

/**
 * A record for a schema's fields: each known key hostile or missing, plus stray keys.
 * `stringsOnly` is what FormData and URL search params can carry.
 */
export function hostileRecord(
  keys: readonly string[],
  stringsOnly = false,
): fc.Arbitrary<Record<string, unknown>> {
  const value = stringsOnly ? hostileString : hostileValue
  return fc
    .tuple(
      fc.record(Object.fromEntries(keys.map((key) => [key, value])), { requiredKeys: [] }),
      fc.dictionary(fc.string({ maxLength: 12 }), value, { maxKeys: 3 }),
    )
    .map(([known, stray]) => ({ ...stray, ...known }))
}
