import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { hostileRecord, hostileString, hostileValue } from './testing/hostile-input'

// Every zod schema the app exports, found by scanning the modules that define them, so a new
// schema is fuzzed without anyone listing it here.
const modules = import.meta.glob<Record<string, unknown>>(
  ['/lib/**/schema.ts', '/lib/**/schemas.ts', '/lib/**/*params.ts'],
  { eager: true },
)
const schemas = Object.entries(modules).flatMap(([file, exports]) =>
  Object.entries(exports)
    .filter((entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType)
    .map(([name, schema]) => ({ name: `${file.replace(/^\/lib\//, '')} ${name}`, schema })),
)

/** The keys of an object schema, looking through pipes (transforms) and refinements. */
function keysOf(schema: z.ZodType): string[] | null {
  if (schema instanceof z.ZodObject) return Object.keys(schema.shape)
  if (schema instanceof z.ZodPipe) return keysOf(schema.in as z.ZodType)
  return null
}

/** The fields of an object schema, looking through pipes (transforms) and refinements. */
function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | null {
  if (schema instanceof z.ZodObject) return schema.shape as Record<string, z.ZodType>
  if (schema instanceof z.ZodPipe) return shapeOf(schema.in as z.ZodType)
  return null
}

/** Every string inside a value, to check that no message repeats what was sent. */
function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (Array.isArray(value)) return value.flatMap(stringsIn)
  if (value && typeof value === 'object') return Object.values(value).flatMap(stringsIn)
  return []
}

const RUNS = 150

it('finds the schemas', () => {
  expect(schemas.length).toBeGreaterThanOrEqual(25)
})

describe.each(schemas)('$name', ({ schema }) => {
  const keys = keysOf(schema)
  const input = keys ? hostileRecord(keys) : hostileValue

  it('answers any input with a result, never an exception', () => {
    fc.assert(
      fc.property(input, (value) => {
        const result = schema.safeParse(value)
        expect(typeof result.success).toBe('boolean')
      }),
      { numRuns: RUNS },
    )
  })

  it('never repeats markup it was sent in an error message', () => {
    fc.assert(
      fc.property(input, (value) => {
        const result = schema.safeParse(value)
        if (result.success) return
        const messages = result.error.issues.map((issue) => issue.message).join('\n')
        for (const sent of stringsIn(value)) {
          if (sent.length >= 4 && /[<>"']/.test(sent)) expect(messages).not.toContain(sent)
        }
      }),
      { numRuns: RUNS },
    )
  })
})

// Text no form can produce: a NUL (PostgreSQL refuses the statement, the error used to carry
// the row), other controls, and bidi overrides that make stored text read as something else.
const UNSAFE_TEXTS = [
  'Ann\u0000Smith',
  'Ann\u0007Smith',
  'Ann\u009BSmith',
  'Ann\u202ESmith',
  'Ann\u2066Smith',
]
const UNSAFE_CHARACTER =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/

// Passwords are hashed, never stored or shown as text: any character may be part of one.
const fieldsWithAnyCharacter = /password/i

describe.each(schemas)('$name', ({ schema }) => {
  const shape = shapeOf(schema)
  const fields = Object.entries(shape ?? {}).filter(([key]) => !fieldsWithAnyCharacter.test(key))
  it.runIf(fields.length > 0)(
    'refuses control and bidi characters in every text field with a message in plain words',
    () => {
      for (const [key, field] of fields) {
        for (const text of UNSAFE_TEXTS) {
          const result = field.safeParse(text)
          if (!result.success) continue
          // Accepted only as something else (a checkbox's false), never as that text.
          expect(
            stringsIn(result.data).filter((value) => UNSAFE_CHARACTER.test(value)),
            key,
          ).toEqual([])
        }
      }
    },
  )
})

// URL state comes from anyone's address bar: the page must render whatever it holds.
const urlParsers = Object.entries(modules).flatMap(([file, exports]) =>
  Object.entries(exports)
    .filter(
      (entry): entry is [string, (params: Record<string, string | string[]>) => unknown] =>
        /^parse\w+Params$/.test(entry[0]) && typeof entry[1] === 'function',
    )
    .map(([name, parse]) => ({ name: `${file.replace(/^\/lib\//, '')} ${name}`, parse })),
)

it('finds the URL parsers', () => {
  expect(urlParsers.length).toBeGreaterThanOrEqual(3)
})

describe.each(urlParsers)('$name', ({ parse }) => {
  it('reads any query string without throwing', () => {
    const query = fc.dictionary(
      fc.constantFrom(
        'q',
        'sort',
        'dir',
        'page',
        'size',
        'status',
        'type',
        'physician',
        'from',
        'to',
        'view',
        'x',
      ),
      fc.oneof(hostileString, fc.array(hostileString, { minLength: 1, maxLength: 3 })),
    )
    fc.assert(
      fc.property(query, (params) => {
        expect(() => parse(params)).not.toThrow()
      }),
      { numRuns: RUNS },
    )
  })
})
