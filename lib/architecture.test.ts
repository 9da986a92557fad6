import fs from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

// The one-way folder rule of docs/architecture.md: no two folders of lib/ import each other.
// Modules at the root of lib/ (env.ts, audit.ts, format.ts …) are the shared base every folder
// may use, so they are no folder here.

/**
 * Pairs of folders allowed to import each other for now, each as [a, b] with a before b. The
 * list only shrinks: an entry that is no longer two-way fails the test until it is removed.
 */
const KNOWN_TWO_WAY_PAIRS: readonly (readonly [string, string])[] = []

const LIB = path.resolve(__dirname)

/** lib/'s source files, tests left out: what the app runs. */
function sourceFiles(): string[] {
  return fs
    .readdirSync(LIB, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file))
    .map((file) => path.join(LIB, file))
}

/** The lib/ folder a file of lib/ lives in, or null for a module at lib/'s root. */
function folderOf(file: string): string | null {
  const parts = path.relative(LIB, file).split(path.sep)
  return parts.length > 1 ? parts[0]! : null
}

/** The lib/ file or folder an import names, as a path, or null when it is outside lib/. */
function resolveImport(from: string, specifier: string): string | null {
  const target = specifier.startsWith('@/lib/')
    ? path.join(LIB, specifier.slice('@/lib/'.length))
    : specifier.startsWith('.')
      ? path.resolve(path.dirname(from), specifier)
      : null
  return target && !path.relative(LIB, target).startsWith('..') ? target : null
}

interface FolderImport {
  from: string
  to: string
  /** One file that makes the arrow, for the failure message. */
  example: string
}

/** Every arrow between two lib/ folders (static, re-export and dynamic imports alike). */
function folderImports(): FolderImport[] {
  const arrows = new Map<string, FolderImport>()
  for (const file of sourceFiles()) {
    const from = folderOf(file)
    if (!from) continue
    const { importedFiles } = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true)
    for (const { fileName } of importedFiles) {
      const target = resolveImport(file, fileName)
      const to = target && folderOf(target)
      if (!to || to === from || arrows.has(`${from}→${to}`)) continue
      arrows.set(`${from}→${to}`, {
        from,
        to,
        example: `${path.relative(LIB, file)} imports ${fileName}`,
      })
    }
  }
  return [...arrows.values()]
}

/** Folder pairs that import each other, a before b, each with the files that make both arrows. */
function twoWayPairs(): { pair: [string, string]; because: string[] }[] {
  const arrows = folderImports()
  const arrow = (from: string, to: string) => arrows.find((a) => a.from === from && a.to === to)
  return arrows.flatMap(({ from, to, example }) => {
    const back = arrow(to, from)
    return from < to && back
      ? [{ pair: [from, to] as [string, string], because: [example, back.example] }]
      : []
  })
}

describe('lib/ folders depend one way', () => {
  const pairs = twoWayPairs()
  const known = (pair: readonly [string, string]) =>
    KNOWN_TWO_WAY_PAIRS.some(([a, b]) => a === pair[0] && b === pair[1])

  it('no two folders import each other beyond the known exceptions', () => {
    console.info(
      `Known two-way lib/ folder pairs: ${
        KNOWN_TWO_WAY_PAIRS.map(([a, b]) => `${a} ⇄ ${b}`).join(', ') || 'none'
      }`,
    )
    const unexpected = pairs
      .filter(({ pair }) => !known(pair))
      .map(({ pair: [a, b], because }) => `${a} ⇄ ${b}: ${because.join('; ')}`)
    expect(unexpected, 'lib/ folders importing each other').toEqual([])
  })

  it('every known exception is still two-way (remove the ones that are not)', () => {
    const stale = KNOWN_TWO_WAY_PAIRS.filter(
      ([a, b]) => !pairs.some(({ pair }) => pair[0] === a && pair[1] === b),
    ).map(([a, b]) => `${a} ⇄ ${b}`)
    expect(stale, 'known exceptions that are no longer two-way').toEqual([])
  })

  it('sees the imports it checks', () => {
    // A guard on the reader itself: lib/overview reads lib/candidates, one way.
    expect(folderImports()).toContainEqual(
      expect.objectContaining({ from: 'overview', to: 'candidates' }),
    )
  })
})
